import type { RuleDefinition } from './rule';

/** A `# processor-lens: ignore[...]` comment that suppresses no finding. */
export const unusedSuppression: RuleDefinition = {
  id: 'unused-suppression',
  defaultSeverity: 'warning',
  docs: 'docs/rules/unused-suppression.md',
  summary: 'suppression comment that matches no finding',
};
