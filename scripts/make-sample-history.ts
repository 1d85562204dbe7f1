// Writes the sample workspace's run-history dataset: CSV exports of run history, a schedule
// table and the processors' target tables, 90 days ending 2026-12-03, into
// sample-workspace/.processor-lens/history/. The output is deterministic (a seeded generator),
// so the committed files only change when this script does.
//
//   node --import tsx scripts/make-sample-history.ts [OUTPUT_FOLDER]
//
// Every date status occurs: each processor has a scenario of normal days plus dated anomalies,
// listed in SCENARIOS below with the status the panel and the inventory must show for them.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toCsv } from '../server/src/history/csv';
import { addDays, eachDate } from '../server/src/history/dates';

export const SAMPLE_START = '2026-09-05';
export const SAMPLE_END = '2026-12-03';

/** Event on a date, beyond the normal run that loads and records its rows. */
type Anomaly =
  | 'tracking-missing' // success, records_processed 0, summary without rows_inserted, rows loaded
  | 'tracking-zero' // success, records_processed 0, summary rows_inserted = 0, rows loaded
  | 'loss-recorded' // success with a count, but the table has no rows for the date
  | 'loss-unrun' // no run and no rows on a date with scheduled games
  | 'mismatch' // success recording 40 % more rows than the table has
  | 'failed' // one failed run, no rows
  | 'retry' // a failed run, then a successful one
  | 'untracked' // rows loaded by a backfill that wrote no run history
  | 'partial' // status 'partial' with its count
  | 'skip-missing' // success, records_processed 0, summary without rows_inserted, no rows (an early return before any write)
  | 'skip-then-load' // a run that returned early without the key, then a run that loads and records its rows
  | 'failed-after-write'; // rows loaded, then the run raised and was recorded as failed

interface Scenario {
  processorName: string;
  dataset: string;
  table: string;
  /** Columns of the target table: the first is the date column; `extraDate` adds a second DATE column. */
  dateColumn: string;
  extraDate?: string;
  /** `games`: runs on dates with scheduled games; `daily`: every date from `from`; `weekly`: every 7th date from `from`. */
  cadence: 'games' | 'daily' | 'weekly';
  from?: string;
  /** Rows per game (games cadence) or per run (other cadences). */
  rows: number;
  /** On game cadence, also run on dates without games and record an explicit 0. */
  runsOnOffDays?: boolean;
  /** `missing`: the off-day runs return early without setting rows_inserted, so the summary lacks the key. */
  offDaySummary?: 'zero' | 'missing';
  /** Anomaly of every run date with rows that `anomalies` does not list, for a save_data that never sets the stat. */
  defaultAnomaly?: Anomaly;
  /** records_processed over actual rows on normal dates, for MERGE-style loads (within the 5 % tolerance). */
  recordedFactor?: number;
  /** output_dataset/output_table written to run history when they differ from the table. */
  output?: [string, string];
  /** False for a second table that another processor's runs load, so it gets rows but no runs of its own. */
  writesHistory?: boolean;
  anomalies: Record<string, Anomaly>;
}

const SCENARIOS: Scenario[] = [
  {
    // Static check: unset-after-write. Run history shows the tracking bug on seven dates.
    processorName: 'BoxScoresProcessor', dataset: 'nba_raw', table: 'player_box_scores', dateColumn: 'game_date', cadence: 'games', rows: 3,
    anomalies: {
      '2026-10-24': 'tracking-missing', '2026-10-31': 'tracking-missing', '2026-11-03': 'tracking-missing', '2026-11-11': 'tracking-missing',
      '2026-11-17': 'tracking-missing', '2026-11-22': 'tracking-missing', '2026-11-29': 'tracking-missing',
      '2026-10-28': 'failed', '2026-11-05': 'retry', '2026-11-08': 'loss-recorded', '2026-11-13': 'mismatch', '2026-11-20': 'loss-unrun',
    },
  },
  {
    // Static check: clean. Run history still shows the tracking bug: listed first in the inventory.
    processorName: 'bdl_injury_report', dataset: 'nba_raw', table: 'bdl_injuries', dateColumn: 'report_date', extraDate: 'game_date', cadence: 'daily', from: '2026-10-01', rows: 4,
    anomalies: { '2026-11-18': 'tracking-missing', '2026-11-19': 'tracking-missing', '2026-11-21': 'tracking-missing' },
  },
  {
    // Static check: unset-without-write. Off days record an explicit 0 (legitimately empty); two game days record an explicit 0 with rows.
    processorName: 'espn_live_scoreboard', dataset: 'nba_raw', table: 'espn_scoreboard', dateColumn: 'game_date', cadence: 'games', rows: 1, runsOnOffDays: true,
    anomalies: { '2026-11-06': 'tracking-zero', '2026-11-14': 'tracking-zero' },
  },
  {
    processorName: 'nbacom_player_boxscores', dataset: 'nba_raw', table: 'player_boxscores', dateColumn: 'game_date', cadence: 'games', rows: 3,
    anomalies: { '2026-10-22': 'tracking-missing', '2026-11-01': 'tracking-missing', '2026-11-15': 'tracking-missing', '2026-12-01': 'tracking-missing', '2026-11-10': 'partial' },
  },
  {
    // MERGE de-duplicates, so records_processed runs 3 % above the table on normal dates (ok) and 40 % above on three (mismatch).
    processorName: 'odds_api_player_props', dataset: 'nba_raw', table: 'odds_api_player_props', dateColumn: 'game_date', cadence: 'games', rows: 4, recordedFactor: 1.03,
    anomalies: { '2026-11-04': 'mismatch', '2026-11-19': 'mismatch', '2026-11-25': 'mismatch' },
  },
  {
    // The second table of odds_api_player_props, offered as a choice in the panel.
    processorName: 'odds_api_player_props', dataset: 'nba_raw', table: 'odds_api_line_history', dateColumn: 'game_date', cadence: 'games', rows: 2,
    writesHistory: false, anomalies: {},
  },
  {
    processorName: 'InjuriesProcessor', dataset: 'nba_raw', table: 'injuries', dateColumn: 'report_date', cadence: 'daily', from: '2026-10-01', rows: 2, anomalies: {},
  },
  {
    processorName: 'ScheduleProcessor', dataset: 'nba_raw', table: 'schedule', dateColumn: 'game_date', cadence: 'games', rows: 1, runsOnOffDays: true, anomalies: {},
  },
  {
    processorName: 'team_pace_features', dataset: 'nba_precompute', table: 'team_pace_features', dateColumn: 'game_date', cadence: 'games', rows: 2,
    anomalies: { '2026-11-12': 'failed', '2026-11-13': 'failed', '2026-11-27': 'tracking-missing', '2026-11-28': 'tracking-missing' },
  },
  {
    // A backfill loaded three dates without writing run history.
    processorName: 'PlayerGameSummaryProcessor', dataset: 'nba_analytics', table: 'player_game_summary', dateColumn: 'game_date', cadence: 'games', rows: 3,
    anomalies: { '2026-10-20': 'untracked', '2026-10-21': 'untracked', '2026-10-22': 'untracked' },
  },
  {
    // The class names no table: the inventory and the panel find it in run history's output_table.
    processorName: 'UpdateKeywordProcessor', dataset: 'nba_raw', table: 'keyword_updates', dateColumn: 'game_date', cadence: 'games', rows: 1,
    output: ['nba_raw', 'keyword_updates'], anomalies: {},
  },
  {
    // The class names no table and run history no output table: pyproject.toml names both table and date column.
    processorName: 'AccumulateProcessor', dataset: 'nba_raw', table: 'accumulated_stats', dateColumn: 'stat_date', cadence: 'weekly', from: '2026-09-07', rows: 5,
    output: ['', ''], anomalies: {},
  },
  {
    // Weekly snapshot without the schedule: the dates between snapshots are empty.
    processorName: 'player_registry', dataset: 'nba_reference', table: 'nba_players_registry', dateColumn: 'snapshot_date', cadence: 'weekly', from: '2026-09-06', rows: 6, anomalies: {},
  },
  {
    processorName: 'GamebookProcessor', dataset: 'nba_raw', table: 'gamebook', dateColumn: 'game_date', cadence: 'games', rows: 2,
    anomalies: { '2026-10-27': 'tracking-missing', '2026-11-09': 'tracking-missing', '2026-11-23': 'tracking-missing', '2026-11-30': 'loss-recorded' },
  },
];

// The processors below came after the list above. They draw row values from their own random
// stream (see generate), so the files of the processors above stay byte-identical. Each
// scenario follows the static findings of its class.
const MORE_SCENARIOS: Scenario[] = [
  {
    // StagingMergeMixin sets no stat on any path: every date with rows is a tracking bug, and the
    // early return on days without games leaves the key out of the summary (legitimately empty).
    processorName: 'OddsGameLinesProcessor', dataset: 'nba_raw', table: 'odds_game_lines', dateColumn: 'game_date', cadence: 'games', rows: 1,
    runsOnOffDays: true, offDaySummary: 'missing', defaultAnomaly: 'tracking-missing', anomalies: {},
  },
  {
    // The same mixin, run on game days only. One run failed before the MERGE.
    processorName: 'OddsPropsProcessor', dataset: 'nba_raw', table: 'odds_player_props', dateColumn: 'game_date', cadence: 'games', rows: 2,
    defaultAnomaly: 'tracking-missing', anomalies: { '2026-11-18': 'failed' },
  },
  {
    // The success path returns a dict that run() ignores, so every date with rows is a tracking
    // bug. One MERGE failed and raised (unset-on-raise): a failed run, no rows.
    processorName: 'ScoreboardProcessor', dataset: 'nba_raw', table: 'scoreboard', dateColumn: 'game_date', cadence: 'games', rows: 1,
    runsOnOffDays: true, offDaySummary: 'missing', defaultAnomaly: 'tracking-missing', anomalies: { '2026-11-16': 'failed' },
  },
  {
    // Only early returns without a write. On days without games the standings are unchanged, so
    // the idempotency check skips the write (key missing, legitimately empty). On one game day
    // the rows failed validation and nothing was saved: real data loss.
    processorName: 'StandingsProcessor', dataset: 'nba_raw', table: 'standings', dateColumn: 'game_date', cadence: 'games', rows: 2,
    runsOnOffDays: true, offDaySummary: 'missing', anomalies: { '2026-11-21': 'skip-missing' },
  },
  {
    // Daily snapshot of 30 teams. Twice the feed had fewer teams on a day without games, and the
    // early return saved nothing (key missing, legitimately empty). The stat is the MERGE's
    // affected-row count, which ran 40 % above the table on two dates (mismatch).
    processorName: 'nbacom_standings', dataset: 'nba_raw', table: 'team_standings', dateColumn: 'standings_date', cadence: 'daily', from: '2026-10-01', rows: 30,
    anomalies: { '2026-10-18': 'skip-missing', '2026-11-26': 'skip-missing', '2026-10-25': 'mismatch', '2026-11-09': 'mismatch' },
  },
  {
    // Only an early return without a write: backfill runs on days without games find no upstream
    // rows and skip (key missing, legitimately empty). Every other date is ok.
    processorName: 'player_rolling_averages', dataset: 'nba_precompute', table: 'player_rolling_averages', dateColumn: 'game_date', cadence: 'games', rows: 2,
    runsOnOffDays: true, offDaySummary: 'missing', anomalies: {},
  },
  {
    // A failed season load breaks out of the loop after earlier seasons loaded: tracking bug.
    processorName: 'team_defense_game_summary', dataset: 'nba_analytics', table: 'team_defense_game_summary', dateColumn: 'game_date', cadence: 'games', rows: 2,
    anomalies: { '2026-10-29': 'tracking-missing', '2026-11-12': 'tracking-missing', '2026-11-24': 'tracking-missing' },
  },
  {
    // Three failed load attempts return without the stat after a partial write: tracking bug.
    processorName: 'PlayByPlayProcessor', dataset: 'nba_raw', table: 'play_by_play', dateColumn: 'game_date', cadence: 'games', rows: 4,
    anomalies: { '2026-11-02': 'tracking-missing', '2026-11-18': 'tracking-missing', '2026-11-06': 'retry' },
  },
  {
    // Preseason games are not stored on purpose: those runs return early without the key. The
    // pyproject.toml turns the schedule off for this processor, because the schedule's preseason
    // games would make those dates data loss; they show as empty instead.
    processorName: 'SeasonTypeProcessor', dataset: 'nba_raw', table: 'games', dateColumn: 'game_date', cadence: 'games', rows: 1,
    anomalies: {
      '2026-10-03': 'skip-missing', '2026-10-05': 'skip-missing', '2026-10-07': 'skip-missing', '2026-10-10': 'skip-missing',
      '2026-10-11': 'skip-missing', '2026-10-12': 'skip-missing', '2026-10-13': 'skip-missing', '2026-10-17': 'skip-missing',
    },
  },
  {
    // A load with errors returns without the stat after the write: tracking bug.
    processorName: 'RosterProcessor', dataset: 'nba_raw', table: 'rosters', dateColumn: 'roster_date', cadence: 'daily', from: '2026-10-01', rows: 5,
    anomalies: { '2026-11-05': 'tracking-missing', '2026-11-19': 'tracking-missing' },
  },
  {
    // Static check clean: every path sets the stat, an explicit 0 on days without games.
    processorName: 'TeamBoxScoreProcessor', dataset: 'nba_raw', table: 'team_box_scores', dateColumn: 'game_date', cadence: 'games', rows: 2,
    runsOnOffDays: true, anomalies: { '2026-11-17': 'partial' },
  },
  {
    // Static check clean: the helper sets the stat on every path.
    processorName: 'LineupsProcessor', dataset: 'nba_raw', table: 'lineups', dateColumn: 'game_date', cadence: 'games', rows: 2,
    runsOnOffDays: true, anomalies: { '2026-11-10': 'retry' },
  },
  {
    // The helper returns after a load with errors without the stat: tracking bug.
    processorName: 'PitcherLinesProcessor', dataset: 'nba_raw', table: 'pitcher_lines', dateColumn: 'game_date', cadence: 'games', rows: 2,
    runsOnOffDays: true, anomalies: { '2026-10-30': 'tracking-missing', '2026-11-21': 'tracking-missing' },
  },
  {
    // Only unset-on-raise: twice a load finished with errors after writing rows and the run
    // raised, so run history has a failed run where the table has rows.
    processorName: 'ReferenceDataProcessor', dataset: 'nba_raw', table: 'reference_data', dateColumn: 'load_date', cadence: 'daily', from: '2026-10-01', rows: 2,
    anomalies: { '2026-11-07': 'failed-after-write', '2026-11-27': 'failed-after-write' },
  },
  {
    processorName: 'ArchiveProcessor', dataset: 'nba_raw', table: 'archive', dateColumn: 'archive_date', cadence: 'games', rows: 1, anomalies: {},
  },
  {
    // Dry runs return early without the key: on days without games, and once before the real
    // run of a game day (ok, because the later run recorded its rows).
    processorName: 'ScheduleBackfillProcessor', dataset: 'nba_raw', table: 'schedule_backfill', dateColumn: 'game_date', cadence: 'games', rows: 1,
    runsOnOffDays: true, offDaySummary: 'missing', anomalies: { '2026-11-11': 'skip-then-load' },
  },
  {
    // save_data never sets the stat: every weekly run is a tracking bug. The pyproject.toml turns
    // the schedule off, so the dates between runs are empty.
    processorName: 'DraftProcessor', dataset: 'nba_raw', table: 'draft', dateColumn: 'pick_date', cadence: 'weekly', from: '2026-09-08', rows: 2,
    defaultAnomaly: 'tracking-missing', anomalies: {},
  },
  {
    // save_data never sets the stat: every game day is a tracking bug.
    processorName: 'TabsProcessor', dataset: 'nba_raw', table: 'tabs', dateColumn: 'game_date', cadence: 'games', rows: 1,
    defaultAnomaly: 'tracking-missing', anomalies: {},
  },
  {
    // The class names no table: the inventory finds it in run history's output_table.
    processorName: 'UpdateDictProcessor', dataset: 'nba_raw', table: 'dict_updates', dateColumn: 'game_date', cadence: 'games', rows: 1,
    output: ['nba_raw', 'dict_updates'], anomalies: {},
  },
  {
    // The class names no table: the inventory finds it in run history's output_table.
    processorName: 'AliasProcessor', dataset: 'nba_raw', table: 'alias_stats', dateColumn: 'stat_date', cadence: 'daily', from: '2026-10-01', rows: 1,
    output: ['nba_raw', 'alias_stats'], anomalies: { '2026-11-14': 'retry' },
  },
  // MergeOperatorProcessor names no table and has no runs, so the sample keeps a processor that
  // the inventory lists as not checked.
];

/** mulberry32: a small seeded generator, so every run writes the same files. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Games per date: none in the off-season, a few in the pre-season, 4 to 12 in the regular season. */
export function scheduleGames(random: () => number): Map<string, number> {
  const games = new Map<string, number>();
  for (const date of eachDate(SAMPLE_START, SAMPLE_END)) {
    let count = 0;
    if (date >= '2026-10-02' && date <= '2026-10-17') count = random() < 0.5 ? 0 : 2 + Math.floor(random() * 3);
    else if (date >= '2026-10-20' && date !== '2026-11-26') count = 4 + Math.floor(random() * 9);
    games.set(date, count);
  }
  return games;
}

function runDates(scenario: Scenario, games: Map<string, number>): string[] {
  const dates = eachDate(scenario.from ?? SAMPLE_START, SAMPLE_END);
  if (scenario.cadence === 'daily') return dates;
  if (scenario.cadence === 'weekly') return dates.filter((_, index) => index % 7 === 0);
  return dates.filter((date) => (games.get(date) ?? 0) > 0 || (scenario.runsOnOffDays === true && date >= '2026-10-01'));
}

const HISTORY_HEADER = [
  'processor_name', 'run_id', 'status', 'records_processed', 'records_created', 'data_date',
  'started_at', 'processed_at', 'output_dataset', 'output_table', 'summary',
];

type Cell = string | number | null;

interface Generated {
  history: Cell[][];
  tables: Map<string, { header: string[]; rows: Cell[][] }>;
  schedule: Cell[][];
}

function generate(): Generated {
  const random = seededRandom(20261203);
  const games = scheduleGames(random);
  const history: Cell[][] = [];
  const tables = new Map<string, { header: string[]; rows: Cell[][] }>();
  const runCounter = { next: 1 };

  const schedule: Cell[][] = [];
  for (const [date, count] of games) {
    for (let game = 0; game < count; game += 1) schedule.push([date, `${date.replace(/-/g, '')}${String(game + 1).padStart(2, '0')}`]);
  }

  for (const scenario of SCENARIOS) addScenario(scenario, games, random, history, tables, runCounter);
  // A second stream, so adding these scenarios leaves every value drawn for SCENARIOS, and
  // so every row written for them, unchanged.
  const extraRandom = seededRandom(20261204);
  for (const scenario of MORE_SCENARIOS) addScenario(scenario, games, extraRandom, history, tables, runCounter);
  return { history, tables, schedule };
}

/** Appends one scenario's runs to `history` and its table to `tables`, drawing row values from `random`. */
function addScenario(
  scenario: Scenario,
  games: Map<string, number>,
  random: () => number,
  history: Cell[][],
  tables: Map<string, { header: string[]; rows: Cell[][] }>,
  runCounter: { next: number },
): void {
  const header = [scenario.dateColumn, ...(scenario.extraDate ? [scenario.extraDate] : []), 'row_id', 'value'];
  const rows: Cell[][] = [];
  const [outputDataset, outputTable] = scenario.output ?? [scenario.dataset, scenario.table];
  const dates = runDates(scenario, games);
  for (const [date, anomaly] of Object.entries(scenario.anomalies)) {
    if (anomaly !== 'untracked' && !dates.includes(date)) throw new Error(`${scenario.processorName}: anomaly ${anomaly} on ${date}, which is not a run date`);
  }

  const addRows = (date: string, count: number) => {
    for (let index = 0; index < count; index += 1) {
      const row: Cell[] = [date];
      if (scenario.extraDate) row.push(addDays(date, 1));
      row.push(`${scenario.table}-${date}-${index + 1}`, Math.floor(random() * 1000));
      rows.push(row);
    }
  };
  const addRun = (date: string, status: string, records: number, summary: Record<string, unknown>, minute: number) => {
    if (scenario.writesHistory === false) return;
    const runId = `run-${String(runCounter.next).padStart(5, '0')}`;
    runCounter.next += 1;
    const started = `${date} 07:${String(minute).padStart(2, '0')}:00`;
    const finished = `${date} 07:${String(minute + 4).padStart(2, '0')}:00`;
    history.push([scenario.processorName, runId, 'running', null, null, date, started, null, null, null, null]);
    history.push([
      scenario.processorName, runId, status, records, records, date, started, finished,
      outputDataset || null, outputTable || null, JSON.stringify(summary),
    ]);
  };

  for (const date of dates) {
    const count = scenario.cadence === 'games' ? (games.get(date) ?? 0) * scenario.rows : scenario.rows;
    const recorded = Math.round(count * (scenario.recordedFactor ?? 1));
    let anomaly: Anomaly | undefined = scenario.anomalies[date];
    if (anomaly === undefined && count > 0) anomaly = scenario.defaultAnomaly;
    if (anomaly === undefined && count === 0 && scenario.offDaySummary === 'missing') anomaly = 'skip-missing';
    const normalSummary = { rows_inserted: recorded, rows_processed: recorded };

    switch (anomaly) {
      case undefined:
        addRows(date, count);
        addRun(date, 'success', recorded, normalSummary, 0);
        break;
      case 'tracking-missing':
        // The early return left rows_inserted unset, so run() recorded the default 0.
        addRows(date, count);
        addRun(date, 'success', 0, { rows_processed: count }, 0);
        break;
      case 'tracking-zero':
        addRows(date, count);
        addRun(date, 'success', 0, { rows_inserted: 0 }, 0);
        break;
      case 'loss-recorded':
        addRun(date, 'success', recorded, normalSummary, 0);
        break;
      case 'loss-unrun':
        break;
      case 'mismatch':
        addRows(date, count);
        addRun(date, 'success', Math.round(count * 1.4), { rows_inserted: Math.round(count * 1.4) }, 0);
        break;
      case 'failed':
        addRun(date, 'failed', 0, { error: 'upstream API returned HTTP 503' }, 0);
        break;
      case 'retry':
        addRun(date, 'failed', 0, { error: 'upstream API returned HTTP 503' }, 0);
        addRows(date, count);
        addRun(date, 'success', recorded, normalSummary, 20);
        break;
      case 'untracked':
        addRows(date, count);
        break;
      case 'partial':
        addRows(date, count);
        addRun(date, 'partial', recorded, { rows_inserted: recorded, rows_failed: 2 }, 0);
        break;
      case 'skip-missing':
        // run() records self.stats as the summary, and nothing set a key before the return.
        addRun(date, 'success', 0, {}, 0);
        break;
      case 'skip-then-load':
        addRun(date, 'success', 0, {}, 0);
        addRows(date, count);
        addRun(date, 'success', recorded, normalSummary, 20);
        break;
      case 'failed-after-write':
        addRows(date, count);
        addRun(date, 'failed', 0, { error: 'load finished with errors' }, 0);
        break;
    }
  }
  // Anomalies on dates outside the run cadence (a backfill on a date the processor did not run).
  for (const [date, anomaly] of Object.entries(scenario.anomalies)) {
    if (anomaly === 'untracked' && !dates.includes(date)) addRows(date, scenario.rows);
  }
  tables.set(`${scenario.dataset}.${scenario.table}`, { header, rows });
}

export function writeSampleHistory(folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.csv')) rmSync(join(folder, name));
  }
  const { history, tables, schedule } = generate();
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(folder, name), text);
    written.push(name);
  };
  write('nba_reference.processor_run_history.csv', toCsv(HISTORY_HEADER, history));
  write('nba_reference.nba_schedule.csv', toCsv(['game_date', 'game_id'], schedule));
  for (const [name, { header, rows }] of tables) write(`${name}.csv`, toCsv(header, rows));
  return written;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const folder = resolve(process.argv[2] ?? join(root, 'sample-workspace/.processor-lens/history'));
  const written = writeSampleHistory(folder);
  console.log(`wrote ${written.length} files to ${folder}`);
}
