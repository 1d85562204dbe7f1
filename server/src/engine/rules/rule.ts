// Shared shape of a rule: its id, default severity and documentation page.
import type { RuleId, Severity } from '../types';

export interface RuleDefinition {
  id: RuleId;
  defaultSeverity: Severity;
  /** Documentation page, relative to the repository root; diagnostics link to it. */
  docs: string;
  /** One-line summary for listings and code action titles. */
  summary: string;
}

/** Severity order, most severe first. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
