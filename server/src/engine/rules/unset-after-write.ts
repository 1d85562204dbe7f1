import type { RuleDefinition } from './rule';

/** A `return`, or the end of the method, reached after rows were written and without the stat. */
export const unsetAfterWrite: RuleDefinition = {
  id: 'unset-after-write',
  defaultSeverity: 'error',
  docs: 'docs/rules/unset-after-write.md',
  summary: 'exit reached after writing rows without setting the row-count stat',
};
