import type { RuleDefinition } from './rule';

/** A raise exit (or a call that never returns) reached after rows were written, without the stat. */
export const unsetOnRaise: RuleDefinition = {
  id: 'unset-on-raise',
  defaultSeverity: 'information',
  docs: 'docs/rules/unset-on-raise.md',
  summary: 'raise exit reached after writing rows without setting the row-count stat',
};
