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

/** Why a custom range cannot be queried, with the fix; the panel and the webview share it. */
export interface RangeProblem {
  kind: 'reversed' | 'too-long';
  message: string;
  hint: string;
}

/** Checks a custom range of two valid ISO dates; null when it can be queried. */
export function customRangeProblem(start: string, end: string): RangeProblem | null {
  if (start > end) {
    return {
      kind: 'reversed',
      message: `Invalid date range: the start ${start} is after the end ${end}.`,
      hint: 'Choose a start date on or before the end date, or pick a preset range.',
    };
  }
  const days = daysInRange({ startDate: start, endDate: end });
  if (days > MAX_RANGE_DAYS) {
    return {
      kind: 'too-long',
      message: `Invalid date range ${start} to ${end}: it spans ${days} days, more than the ${MAX_RANGE_DAYS} the panel shows.`,
      hint: `Choose a range of at most ${MAX_RANGE_DAYS} days, for example ${addDays(end, -(MAX_RANGE_DAYS - 1))} to ${end}, or use the Data-Loss Inventory for longer periods.`,
    };
  }
  return null;
}

/** A custom range rejected by `rangeDates`; `problem` carries the message and the fix. */
export class InvalidRangeError extends Error {
  constructor(readonly problem: RangeProblem) {
    super(problem.message);
    this.name = 'InvalidRangeError';
  }
}

/**
 * Turns the panel's range choice into inclusive start and end dates. A preset of N days ends at
 * `endDate` and starts N-1 days before it. Throws an InvalidRangeError for a custom range that is
 * reversed or longer than MAX_RANGE_DAYS, naming the dates.
 */
export function rangeDates(choice: RangeChoice, endDate: string): DateRange {
  if (choice.kind === 'preset') {
    return { startDate: addDays(endDate, -(choice.days - 1)), endDate };
  }

  const problem = customRangeProblem(choice.start, choice.end);
  if (problem !== null) throw new InvalidRangeError(problem);
  return { startDate: choice.start, endDate: choice.end };
}
