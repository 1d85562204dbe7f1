// Start-date checks of the Data-Loss Inventory command's input box, with the same parser the
// CLI's --since uses, so a value the box accepts does not fail after Enter. Imports no `vscode`.
import { loadConfig } from '../../server/src/engine/config/load';
import { isIsoDate } from '../../server/src/history/config';
import { parseSince } from '../../server/src/history/dates';

/** The end date setting that applies to a folder, and where it was set, for messages. */
export interface InventoryEndDate {
  /** `today`, `latest-run` or an ISO date. */
  setting: string;
  /** For example "end-date in [tool.processor-lens.history] of /w/pyproject.toml". */
  origin: string;
}

/**
 * Returns a folder's end date setting: `end-date` in [tool.processor-lens.history] of its
 * pyproject.toml when written there (it overrides the editor), else the editor's
 * processorLens.history.endDate. An unreadable pyproject.toml falls back to the editor's value,
 * because the inventory request reports that error itself.
 */
export function inventoryEndDate(folder: string, editorSetting: string | undefined): InventoryEndDate {
  try {
    const pyproject = loadConfig(folder);
    const history = pyproject.raw?.history;
    const value = typeof history === 'object' && history !== null ? (history as Record<string, unknown>)['end-date'] : undefined;
    if (pyproject.source !== null && value !== undefined) {
      // smol-toml reads an unquoted TOML date as a Date whose ISO text keeps only the date.
      const setting = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
      return { setting, origin: `end-date in [tool.processor-lens.history] of ${pyproject.source}` };
    }
  } catch {
    // The inventory request names the invalid pyproject.toml; the box only needs an end date.
  }
  return { setting: editorSetting || 'today', origin: 'the processorLens.history.endDate setting' };
}

/** Describes the end date for the input box's prompt, for example "today (2026-12-04), from …". */
export function describeEndDate(end: InventoryEndDate, today: string): string {
  if (end.setting === 'today') return `today (${today}), from ${end.origin}`;
  if (end.setting === 'latest-run') return `the newest date in run history (latest-run), from ${end.origin}`;
  return `${end.setting}, from ${end.origin}`;
}

/**
 * Validates the start date as typed; returns the message shown under the input box, or undefined
 * when the inventory can run. With `latest-run` the end date is known only once run history is
 * queried, so a start date is checked against today, the latest date that run history normally has.
 */
export function validateSince(value: string, end: InventoryEndDate, today: string): string | undefined {
  const text = value.trim();
  const knownEnd = end.setting === 'today' ? today : isIsoDate(end.setting) ? end.setting : null;
  const until = knownEnd ?? today;

  if (/^0+d$/.test(text)) return `${text} covers no days. Give at least 1d, which is the end date alone, or for example 90d.`;
  const since = parseSince(text, until);
  if (since === null) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text} is not a calendar date.`;
    return `"${text}" is not a start date. Enter an ISO date such as 2026-09-05, or a number of days such as 90d.`;
  }
  if (knownEnd !== null && since > knownEnd) {
    return `The start date ${since} is after the end date ${knownEnd}, which comes from ${end.origin}. Give an earlier start date.`;
  }
  // NOTE: run history may hold dates after today (up to the source's lookback), so with
  // latest-run a start after today can be valid; the check errs towards rejecting it.
  if (knownEnd === null && since > today) {
    return `The start date ${since} is after today (${today}). The end date is the newest date in run history (latest-run, from ${end.origin}); give a start date on or before it.`;
  }
  return undefined;
}
