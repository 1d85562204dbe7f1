// ISO calendar dates (YYYY-MM-DD) as plain strings: they sort and compare as text, and they
// carry no time zone, like BigQuery's DATE.

const DAY_MS = 86_400_000;

function toUtcMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, days: number): string {
  return new Date(toUtcMs(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every date from `start` to `end`, both included; empty when `end` is before `start`. */
export function eachDate(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let ms = toUtcMs(start); ms <= toUtcMs(end); ms += DAY_MS) dates.push(new Date(ms).toISOString().slice(0, 10));
  return dates;
}

export function daysBetween(start: string, end: string): number {
  return Math.round((toUtcMs(end) - toUtcMs(start)) / DAY_MS);
}

/** Today's date in the machine's time zone, where the user reads the report. */
export function localToday(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/** Returns whether `text` is a real calendar date written as YYYY-MM-DD. */
function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(toUtcMs(text)).toISOString().startsWith(text);
}

/**
 * Reads a start date as the CLI's --since and the inventory command take it: an ISO date, or `Nd`
 * for a range of N days (at least 1) that ends on `until`. Returns null for anything else.
 */
export function parseSince(text: string, until: string): string | null {
  const days = /^(\d{1,4})d$/.exec(text);
  if (days) return Number(days[1]) >= 1 ? addDays(until, 1 - Number(days[1])) : null;
  return isCalendarDate(text) ? text : null;
}
