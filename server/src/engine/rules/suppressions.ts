// `# processor-lens: ignore[rule, ...] optional reason` comments. A comment on an exit's first
// line suppresses that exit's finding; on a `def` line it suppresses every finding of that
// method. A bare `# processor-lens: ignore` suppresses every rule.
import { RULE_IDS, type Finding, type Range, type RuleId } from '../types';
import { commentOffsets } from '../index/scan';

export interface Suppression {
  line: number;
  range: Range;
  /** Rules named in the brackets; null for a bare `ignore`. */
  rules: string[] | null;
  reason: string;
}

const COMMENT = /#[ \t]*processor-lens:[ \t]*ignore\b(?:\[([^\]\r\n]*)\])?([^\r\n]*)/g;

/** Finds suppression comments in a file's text. */
export function findSuppressions(text: string, lineStarts: readonly number[]): Suppression[] {
  if (!text.includes('processor-lens:')) return [];
  const found: Suppression[] = [];
  // Only real comments count: the same words inside a string literal are not a suppression.
  const comments = commentOffsets(text);
  for (const match of text.matchAll(COMMENT)) {
    const offset = match.index;
    if (!insideComment(text, comments, offset)) continue;
    let line = 0;
    let low = 0;
    let high = lineStarts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (lineStarts[mid] <= offset) {
        line = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const character = offset - lineStarts[line];
    found.push({
      line,
      range: { start: { line, character }, end: { line, character: character + match[0].trimEnd().length } },
      rules: match[1] === undefined ? null : match[1].split(',').map((rule) => rule.trim()).filter((rule) => rule !== ''),
      reason: match[2].trim(),
    });
  }
  return found;
}

/** True when `offset` lies in a comment: after a comment's `#` on the same line. */
function insideComment(text: string, comments: readonly number[], offset: number): boolean {
  let low = 0;
  let high = comments.length - 1;
  let start = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (comments[mid] <= offset) {
      start = comments[mid];
      low = mid + 1;
    } else high = mid - 1;
  }
  if (start < 0) return false;
  for (let i = start; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return false;
  }
  return true;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: Finding[];
  unused: Finding[];
}

/**
 * Applies the suppressions of one file to its findings. `defLines` maps each finding to the
 * line of its method's `def`. Suppressions of rules that are turned off are not reported as
 * unused, since they may serve another configuration.
 */
export function applySuppressions(
  path: string,
  findings: Finding[],
  suppressions: Suppression[],
  defLineOf: (finding: Finding) => number,
  enabled: (rule: RuleId) => boolean,
  unusedSeverity: Finding['severity'] | null,
): SuppressionOutcome {
  const used = suppressions.map(() => new Set<string>());
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];

  for (const finding of findings) {
    let matched = false;
    for (let i = 0; i < suppressions.length; i++) {
      const suppression = suppressions[i];
      if (suppression.line !== finding.range.start.line && suppression.line !== defLineOf(finding)) continue;
      if (suppression.rules === null) {
        used[i].add('*');
        matched = true;
      } else if (suppression.rules.includes(finding.rule)) {
        used[i].add(finding.rule);
        matched = true;
      }
    }
    (matched ? suppressed : kept).push(finding);
  }

  const unused: Finding[] = [];
  if (unusedSeverity) {
    suppressions.forEach((suppression, i) => {
      const stale = suppression.rules === null
        ? used[i].size === 0 ? ['*'] : []
        : suppression.rules.filter((rule) => !used[i].has(rule) && (!(RULE_IDS as readonly string[]).includes(rule) || enabled(rule as RuleId)));
      if (stale.length === 0) return;
      const unknown = stale.filter((rule) => rule !== '*' && !(RULE_IDS as readonly string[]).includes(rule));
      const named = stale.filter((rule) => rule !== '*' && !unknown.includes(rule));
      const parts: string[] = [];
      if (stale.includes('*')) parts.push('it suppresses no finding on this line or in a method defined here');
      if (named.length > 0) parts.push(`no ${named.join(', ')} finding is reported on this line or in a method defined here`);
      if (unknown.length > 0) parts.push(`${unknown.map((rule) => `"${rule}"`).join(', ')} is not a rule (rules: ${RULE_IDS.join(', ')})`);
      unused.push({
        path,
        range: suppression.range,
        rule: 'unused-suppression',
        severity: unusedSeverity,
        message: `Unused suppression: ${parts.join('; ')}. Remove it, or correct the rule name.`,
        className: '',
        methodName: '',
        relatedInformation: [],
        fixes: [],
      });
    });
  }
  return { kept, suppressed, unused };
}
