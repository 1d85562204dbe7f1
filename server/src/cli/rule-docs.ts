// Descriptions of the rules for SARIF rule descriptors, and where each rule's page lives.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type RuleId } from '../engine';

export interface RuleDescription {
  /** PascalCase name, as SARIF's reportingDescriptor.name expects. */
  name: string;
  shortDescription: string;
  fullDescription: string;
}

export const RULE_DESCRIPTIONS: Record<RuleId, RuleDescription> = {
  'unset-after-write': {
    name: 'UnsetAfterWrite',
    shortDescription: 'save_data() exits after writing rows without setting the row-count stat',
    fullDescription:
      'A return, or the end of save_data(), is reachable on a path that wrote rows and did not set ' +
      'self.stats["rows_inserted"], so run history records 0 rows for a run that loaded data.',
  },
  'unset-without-write': {
    name: 'UnsetWithoutWrite',
    shortDescription: 'save_data() exits without writing and without setting the row-count stat',
    fullDescription:
      'A return, or the end of save_data(), is reachable on a path that wrote nothing and did not set ' +
      'self.stats["rows_inserted"]; the recorded count is only implicitly 0.',
  },
  'unset-on-raise': {
    name: 'UnsetOnRaise',
    shortDescription: 'save_data() raises after writing rows without setting the row-count stat',
    fullDescription:
      'A raise, or a call that never returns, leaves save_data() on a path that wrote rows and did not ' +
      'set self.stats["rows_inserted"].',
  },
  'unused-suppression': {
    name: 'UnusedSuppression',
    shortDescription: 'A processor-lens ignore comment no longer matches a finding',
    fullDescription:
      'A "# processor-lens: ignore[rule]" comment sits on a line where that rule reports nothing, ' +
      'so it can be removed.',
  },
};

/** Folder of the installed package: the nearest ancestor of this module with our package.json. */
function findPackageRoot(): string | null {
  let folder = __dirname;
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'processor-lens') return folder;
      } catch {
        // An unreadable package.json belongs to some other folder; keep walking up.
      }
    }
    const parent = dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
}

const packageRoot = findPackageRoot();

/** Path of the rule's Markdown page in the installed package, or null when it is not there. */
export function ruleDocsPath(rule: RuleId): string | null {
  if (packageRoot === null) return null;
  const page = join(packageRoot, RULES[rule].docs);
  return existsSync(page) ? page : null;
}

/**
 * Returns the `file:` URI of the rule's page in the installed package.
 * NOTE: the package declares no public repository, so there is no web address to link to. A
 * SARIF file uploaded elsewhere carries this local URI, and the page text in `help.markdown`.
 */
export function ruleDocsUri(rule: RuleId): string | null {
  const page = ruleDocsPath(rule);
  return page === null ? null : pathToFileURL(page).href;
}

export function ruleDocsMarkdown(rule: RuleId): string | null {
  const page = ruleDocsPath(rule);
  if (page === null) return null;
  try {
    return readFileSync(page, 'utf8');
  } catch {
    return null;
  }
}
