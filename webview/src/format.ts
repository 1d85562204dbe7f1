// Text formatting of the panel's numbers, dates and origins. English throughout, like the rest of
// the extension's user interface.
import type { DateComparison, TargetSource } from '../../server/src/history/types';
import { ORIGIN_LABELS } from '../../client/src/panel/messages';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

const BYTE_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Formats a byte count in binary units, for example "1.5 MiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${formatCount(value)} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

export function formatOrigin(origin: TargetSource | null): string {
  return origin === null ? '' : `from ${ORIGIN_LABELS[origin]}`;
}

/**
 * Formats the recorded-rows cell: the count, a note that says for a zero whether the run set it
 * or never did (empty otherwise), and a tooltip.
 */
export function formatRecorded(date: DateComparison): { text: string; note: string; title: string } {
  if (date.recordedRows === null) {
    return { text: '—', note: '', title: date.runs === 0 ? 'No run recorded for this date.' : 'No successful run for this date.' };
  }

  let text = formatCount(date.recordedRows);
  let note = '';
  let title = `records_processed of the latest successful run: ${text}.`;
  if (date.recordedRows === 0 && date.rowsInsertedKey === 'missing') {
    note = 'not set';
    title = 'The run summary has no rows_inserted key: save_data never set the count.';
  } else if (date.recordedRows === 0 && date.rowsInsertedKey === 'zero') {
    note = 'set to 0';
    title = 'save_data set rows_inserted to 0 explicitly.';
  }
  if (date.maxRecordedRows !== null && date.maxRecordedRows !== date.recordedRows) {
    text += ` / ${formatCount(date.maxRecordedRows)}`;
    title += ` The largest count a successful run of the date recorded is ${formatCount(date.maxRecordedRows)}.`;
  }
  return { text, note, title };
}

/** Describes how the final runs of a date ended, for the runs cell's tooltip. */
export function describeRuns(date: DateComparison): string {
  if (date.runs === 0) return 'No run recorded for this date.';
  const runs = `${formatCount(date.runs)} ${date.runs === 1 ? 'run' : 'runs'}`;
  const last = date.lastStatus === null ? '' : `; last status ${date.lastStatus}`;
  return `${runs}: ${formatCount(date.successes)} succeeded, ${formatCount(date.failures)} failed${last}.`;
}

/** Formats a date for the table: "12-04" within `endDate`'s year, the full date otherwise. */
export function formatShortDate(date: string, endDate: string): string {
  return date.slice(0, 4) === endDate.slice(0, 4) ? date.slice(5) : date;
}

/** Formats how long ago `fetchedAt` was, relative to `now` (both epoch milliseconds). */
export function formatAge(fetchedAt: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - fetchedAt) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
}
