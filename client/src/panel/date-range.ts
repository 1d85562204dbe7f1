// Date arithmetic of the panel's range choice. All dates are ISO calendar dates (YYYY-MM-DD).
import { addDays, daysBetween } from '../../../server/src/history/dates';
import type { RangeChoice } from './messages';

/** Maximum length of a custom range, in days, because a longer one scans more partitions than the panel can show. */
export const MAX_RANGE_DAYS = 366;

export interface DateRange {
  startDate: string;
  endDate: string;
}

/** Inclusive number of days from `startDate` to `endDate`. */
export function daysInRange(range: DateRange): number {
  return daysBetween(range.startDate, range.endDate) + 1;
}

/**
 * Turns the panel's range choice into inclusive start and end dates. A preset of N days ends at
 * `endDate` and starts N-1 days before it. Throws for a custom range that is reversed or longer
 * than MAX_RANGE_DAYS, naming the dates.
 */
export function rangeDates(choice: RangeChoice, endDate: string): DateRange {
  if (choice.kind === 'preset') {
    return { startDate: addDays(endDate, -(choice.days - 1)), endDate };
  }

  const range = { startDate: choice.start, endDate: choice.end };
  if (choice.start > choice.end) {
    throw new Error(`Invalid date range: the start ${choice.start} is after the end ${choice.end}.`);
  }
  if (daysInRange(range) > MAX_RANGE_DAYS) {
    throw new Error(
      `Invalid date range ${choice.start} to ${choice.end}: it spans ${daysInRange(range)} days, more than the ${MAX_RANGE_DAYS} the panel shows.`,
    );
  }
  return range;
}
