// Shape check of the earlier report that `inventory --compare-to` reads, so that a wrong file
// is rejected with the field at fault before any query runs.
import { INVENTORY_REPORT_VERSION } from '../history/inventory';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns what is wrong with the value as an inventory JSON report, or null when nothing is. */
export function validatePreviousReport(value: unknown): string | null {
  if (!isRecord(value)) return `it contains ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not a report object`;
  if (value.version !== INVENTORY_REPORT_VERSION) return `"version" is ${JSON.stringify(value.version) ?? 'missing'}, expected ${INVENTORY_REPORT_VERSION}`;

  const range = value.range;
  if (!isRecord(range) || typeof range.since !== 'string' || typeof range.until !== 'string') {
    return '"range" must be an object with "since" and "until" dates';
  }
  if (typeof value.generatedAt !== 'string') return '"generatedAt" must be a string';
  if (!Array.isArray(value.processors)) return '"processors" must be an array';

  for (const [index, processor] of value.processors.entries()) {
    const where = `processors[${index}]`;
    if (!isRecord(processor)) return `${where} must be an object`;
    if (typeof processor.processorName !== 'string') return `${where}.processorName must be a string`;
    if (!isRecord(processor.totals)) return `${where}.totals must be an object of counts`;
    for (const [status, count] of Object.entries(processor.totals)) {
      if (typeof count !== 'number' || !Number.isFinite(count)) return `${where}.totals.${status} must be a number`;
    }
  }
  return null;
}
