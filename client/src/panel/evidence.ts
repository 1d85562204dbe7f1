// The one-line summary of a cached run-history result that the save_data code lens shows.
import type { DateStatus, HistoryResult } from '../../../server/src/history/types';
import { daysInRange } from './date-range';

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function rangePhrase(result: HistoryResult, today: string): string {
  const { startDate, endDate } = result.request;
  const days = daysInRange({ startDate, endDate });
  if (endDate === today) return `the last ${plural(days, 'day')}`;
  return `${plural(days, 'day')} to ${endDate}`;
}

/** Builds the code lens tooltip: the processor, the table and the dates the summary covers. */
export function evidenceTooltip(result: HistoryResult): string {
  const { startDate, endDate } = result.request;
  const table = result.target.table;
  return `Open the run history of ${result.target.processorName}. The summary covers ${startDate} to ${endDate} in ${table.dataset}.${table.table}, the panel's default range.`;
}

/**
 * Summarizes a result for the code lens above save_data, leading with the tracking bug: for
 * example "run history: 0 rows on 4 of the last 30 days with rows in the table". Other problem
 * statuses follow as counts; a range without problems says that run history matches.
 */
export function evidenceTitle(result: HistoryResult, today: string): string {
  const totals = result.totals;
  const range = rangePhrase(result, today);

  const others: string[] = [];
  const count = (status: DateStatus, label: string, pluralLabel?: string): void => {
    if (totals[status] > 0) others.push(plural(totals[status], label, pluralLabel));
  };
  if (totals['data-loss'] > 0) others.push(`data loss on ${plural(totals['data-loss'], 'day')}`);
  count('mismatch', 'mismatch', 'mismatches');
  count('untracked', 'untracked day');
  count('failed', 'failed day');

  if (totals['tracking-bug'] > 0) {
    const lead = `run history: 0 rows on ${totals['tracking-bug']} of ${range} with rows in the table`;
    return others.length === 0 ? lead : `${lead}; ${others.join(', ')}`;
  }
  if (others.length > 0) return `run history: ${others.join(', ')} in ${range}`;
  if (totals.ok === 0) return `run history: no runs with rows in ${range}`;
  return `run history: matches the table on ${totals.ok} of ${range}`;
}
