// Generates, from the ProcessorLensSettings interface in server/src/settings.ts:
// - package.json `contributes.configuration` and the untrusted-workspace restricted settings,
// - docs/settings.md,
// - server/src/settings-defaults.ts (the defaults the language server falls back to).
// `npm run gen:settings` writes them; `--check` exits 1 when any of them differs from settings.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { type Node, Project, type PropertySignature, type Type } from 'ts-morph';

export const SETTINGS_SECTION = 'processorLens';
const SETTINGS_FILE = 'server/src/settings.ts';
const DEFAULTS_FILE = 'server/src/settings-defaults.ts';
const DOCS_FILE = 'docs/settings.md';
/** Workspace values of these settings are ignored until the user trusts the workspace: they choose where queries go. */
const RESTRICTED_PREFIX = 'history.';

type JsonSchema = Record<string, unknown>;

export interface SettingDefinition {
  /** Name inside the section, for example `history.tolerance`. */
  key: string;
  description: string;
  schema: JsonSchema;
  defaultValue: unknown;
  scope: 'application' | 'machine' | 'window' | 'resource' | 'machine-overridable' | 'language-overridable';
}

export interface GeneratedSettings {
  definitions: SettingDefinition[];
  configuration: JsonSchema;
  restrictedConfigurations: string[];
  docs: string;
  defaultsModule: string;
}

/** Reads the settings interface; throws with the property's name when a type or tag is unusable. */
export function readSettingDefinitions(root: string): { definitions: SettingDefinition[]; pyprojectKeys: string[] } {
  const project = new Project({ compilerOptions: { strict: true }, skipFileDependencyResolution: true });
  const source = project.addSourceFileAtPath(join(root, SETTINGS_FILE));
  const settings = source.getInterfaceOrThrow('ProcessorLensSettings');

  const definitions = settings.getProperties().map((property) => readProperty(property));
  const keysDeclaration = source.getVariableDeclarationOrThrow('PYPROJECT_SETTING_KEYS');
  const pyprojectKeys = keysDeclaration
    .getType()
    .getTupleElements()
    .map((element) => String(element.getLiteralValue()));
  return { definitions, pyprojectKeys };
}

export function generateSettings(root: string): GeneratedSettings {
  const { definitions, pyprojectKeys } = readSettingDefinitions(root);
  checkDefaults(definitions);

  const properties: Record<string, JsonSchema> = {};
  definitions.forEach((definition, order) => {
    properties[`${SETTINGS_SECTION}.${definition.key}`] = {
      ...definition.schema,
      default: definition.defaultValue,
      markdownDescription: definition.description,
      scope: definition.scope,
      order,
    };
  });

  return {
    definitions,
    configuration: { title: 'Processor Lens', properties },
    restrictedConfigurations: definitions
      .filter((definition) => definition.key.startsWith(RESTRICTED_PREFIX))
      .map((definition) => `${SETTINGS_SECTION}.${definition.key}`),
    docs: renderDocs(definitions, pyprojectKeys),
    defaultsModule: renderDefaultsModule(definitions),
  };
}

/** package.json with the generated parts replaced; every other field keeps its value and order. */
export function updatedManifest(manifestText: string, generated: GeneratedSettings): string {
  const manifest = JSON.parse(manifestText) as Record<string, any>;
  manifest.contributes ??= {};
  manifest.contributes.configuration = generated.configuration;
  manifest.capabilities ??= {};
  manifest.capabilities.untrustedWorkspaces ??= { supported: 'limited' };
  manifest.capabilities.untrustedWorkspaces.restrictedConfigurations = generated.restrictedConfigurations;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function readProperty(property: PropertySignature): SettingDefinition {
  const key = property.getName().replace(/^['"]|['"]$/g, '');
  const docs = property.getJsDocs();
  if (docs.length === 0) throw new Error(`settings property ${key} has no JSDoc; add a description and an @default tag`);

  const doc = docs[docs.length - 1];
  const description = (doc.getDescription() ?? '').trim().replace(/\s*\n\s*/g, ' ');
  if (description === '') throw new Error(`settings property ${key} has no description in its JSDoc`);

  let defaultValue: unknown;
  let hasDefault = false;
  let scope: SettingDefinition['scope'] = key === 'trace.server' ? 'window' : 'resource';
  for (const tag of doc.getTags()) {
    const text = (tag.getCommentText() ?? '').trim();
    if (tag.getTagName() === 'default') {
      try {
        defaultValue = JSON.parse(text);
        hasDefault = true;
      } catch {
        throw new Error(`@default of settings property ${key} is not JSON: ${text}; write it as a JSON value`);
      }
    } else if (tag.getTagName() === 'scope') {
      scope = text as SettingDefinition['scope'];
    }
  }
  if (!hasDefault) throw new Error(`settings property ${key} has no @default tag`);

  return { key, description, schema: schemaOf(property.getType(), key, property), defaultValue, scope };
}

/** JSON schema of a settings type: primitives, string arrays, string-literal unions, records and plain objects. */
function schemaOf(type: Type, key: string, node: Node): JsonSchema {
  const nonNull = type.getNonNullableType();
  if (nonNull.isBoolean()) return { type: 'boolean' };
  if (nonNull.isString()) return { type: 'string' };
  if (nonNull.isNumber()) return { type: 'number' };
  if (nonNull.isArray()) return { type: 'array', items: schemaOf(nonNull.getArrayElementTypeOrThrow(), key, node) };

  if (nonNull.isUnion()) {
    const members = nonNull.getUnionTypes();
    if (members.every((member) => member.isStringLiteral())) {
      return { type: 'string', enum: members.map((member) => member.getLiteralValue()) };
    }
  }

  if (nonNull.isObject()) {
    const indexType = nonNull.getStringIndexType();
    if (indexType) return { type: 'object', additionalProperties: schemaOf(indexType, key, node) };

    const properties: Record<string, JsonSchema> = {};
    for (const symbol of nonNull.getProperties()) {
      properties[symbol.getName()] = schemaOf(symbol.getTypeAtLocation(node), `${key}.${symbol.getName()}`, node);
    }
    return { type: 'object', properties, additionalProperties: false };
  }

  throw new Error(`settings property ${key} has type ${nonNull.getText()}, which has no JSON schema mapping in scripts/gen-settings.ts`);
}

function checkDefaults(definitions: SettingDefinition[]): void {
  const ajv = new Ajv({ strict: false });
  for (const definition of definitions) {
    if (!ajv.validate(definition.schema, definition.defaultValue)) {
      throw new Error(
        `@default of settings property ${definition.key} (${JSON.stringify(definition.defaultValue)}) does not match its type: ${ajv.errorsText()}`,
      );
    }
  }
}

function renderDefaultsModule(definitions: SettingDefinition[]): string {
  const defaults: Record<string, unknown> = {};
  for (const definition of definitions) defaults[definition.key] = definition.defaultValue;
  return [
    `// Generated by scripts/gen-settings.ts from ${SETTINGS_FILE}; edit that file and run \`npm run gen:settings\`.`,
    "import type { ProcessorLensSettings } from './settings';",
    '',
    `export const SETTINGS_SECTION = '${SETTINGS_SECTION}';`,
    '',
    `export const DEFAULT_SETTINGS: ProcessorLensSettings = ${JSON.stringify(defaults, null, 2)};`,
    '',
  ].join('\n');
}

function renderDocs(definitions: SettingDefinition[], pyprojectKeys: string[]): string {
  const qualified = (key: string) => `\`${SETTINGS_SECTION}.${key}\``;
  const lines = [
    '# Settings',
    '',
    `<!-- Generated by scripts/gen-settings.ts from ${SETTINGS_FILE}; edit that file and run \`npm run gen:settings\`. -->`,
    '',
    'VS Code reads these settings per workspace folder, so each folder of a multi-root workspace can have its own values.',
    '',
    '## pyproject.toml wins',
    '',
    'In a folder whose `pyproject.toml` has a `[tool.processor-lens]` table, the analysis takes its configuration from that table, ' +
      `and the editor values of ${pyprojectKeys.map(qualified).join(', ')} are ignored there. ` +
      'The command-line checker reads the same table, so the editor and `processor-lens check` report the same findings. ' +
      'In a folder without that table, these settings apply on top of the built-in defaults.',
    '',
    '## Untrusted workspaces',
    '',
    'Analysis runs in untrusted (Restricted Mode) workspaces: it only reads files. ' +
      `In Restricted Mode VS Code ignores the values a workspace sets for the \`${SETTINGS_SECTION}.${RESTRICTED_PREFIX}*\` settings, ` +
      'because they decide which project and endpoint receive queries; user settings still apply.',
    '',
    '## Reference',
    '',
  ];

  for (const definition of definitions) {
    lines.push(`### ${qualified(definition.key)}`, '', definition.description, '');
    lines.push('| Type | Default | Scope |', '| --- | --- | --- |');
    lines.push(`| ${typeLabel(definition.schema)} | \`${JSON.stringify(definition.defaultValue)}\` | ${definition.scope} |`, '');
    if (pyprojectKeys.includes(definition.key)) {
      lines.push('Ignored in a folder whose `pyproject.toml` has `[tool.processor-lens]`.', '');
    }
    if (definition.key.startsWith(RESTRICTED_PREFIX)) {
      lines.push('Workspace values are ignored in Restricted Mode.', '');
    }
  }
  return lines.join('\n');
}

function typeLabel(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => `\`${String(value)}\``).join(', ');
  if (schema.type === 'array') return `array of ${typeLabel(schema.items as JsonSchema)}`;
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `object of ${typeLabel(schema.additionalProperties as JsonSchema)}`;
  }
  if (schema.type === 'object' && schema.properties) {
    const fields = Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, field]) => `${name}: ${typeLabel(field)}`);
    return `object { ${fields.join(', ')} }`;
  }
  return String(schema.type);
}

/** Files whose text differs from what settings.ts generates, as repository-relative paths. */
export function findDrift(root: string, generated = generateSettings(root)): string[] {
  const drift: string[] = [];
  const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Record<string, any>;
  if (JSON.stringify(manifest.contributes?.configuration) !== JSON.stringify(generated.configuration)) {
    drift.push('package.json (contributes.configuration)');
  }
  const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations;
  if (JSON.stringify(restricted) !== JSON.stringify(generated.restrictedConfigurations)) {
    drift.push('package.json (capabilities.untrustedWorkspaces.restrictedConfigurations)');
  }
  if (readOrEmpty(join(root, DOCS_FILE)) !== generated.docs) drift.push(DOCS_FILE);
  if (readOrEmpty(join(root, DEFAULTS_FILE)) !== generated.defaultsModule) drift.push(DEFAULTS_FILE);
  return drift;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function main(): void {
  const root = resolve(__dirname, '..');
  const generated = generateSettings(root);

  if (process.argv.includes('--check')) {
    const drift = findDrift(root, generated);
    if (drift.length > 0) {
      console.error(`Out of date with ${SETTINGS_FILE}: ${drift.join(', ')}. Run \`npm run gen:settings\`.`);
      process.exit(1);
    }
    console.log(`settings: ${generated.definitions.length} settings, generated files up to date`);
    return;
  }

  // package.json is re-read right before writing because other tools edit it too.
  const manifestPath = join(root, 'package.json');
  writeFileSync(manifestPath, updatedManifest(readFileSync(manifestPath, 'utf8'), generated));
  writeFileSync(join(root, DOCS_FILE), generated.docs);
  writeFileSync(join(root, DEFAULTS_FILE), generated.defaultsModule);
  console.log(`settings: wrote ${generated.definitions.length} settings to package.json, ${DOCS_FILE} and ${DEFAULTS_FILE}`);
}

if (require.main === module) main();
