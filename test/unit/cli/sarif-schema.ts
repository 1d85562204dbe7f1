// Validator for the official SARIF 2.1.0 JSON schema (the rtm.5 revision, a draft-04 schema),
// as shipped in the @microsoft/jest-sarif package.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(__filename);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

export function createSarifValidator() {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The schema's pattern for `language` has a stray `]`, which is invalid in a regular expression
  // with the `u` flag, so ajv compiles the patterns without it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  return (log: unknown): string[] => {
    if (validate(log)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
  };
}
