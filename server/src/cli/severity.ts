// Ordering and counting of finding severities, shared by the exit code and every output format.
import type { Finding, Severity } from '../engine/types';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** True when `severity` is `threshold` or more severe. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export interface SeverityCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
