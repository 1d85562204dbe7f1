import type { RuleDefinition } from './rule';

/** A `return`, or the end of the method, reached without writing rows and without the stat. */
export const unsetWithoutWrite: RuleDefinition = {
  id: 'unset-without-write',
  defaultSeverity: 'warning',
  docs: 'docs/rules/unset-without-write.md',
  summary: 'exit reached without writing rows and without setting the row-count stat',
};
