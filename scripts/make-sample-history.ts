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
  | 'partial'; // status 'partial' with its count

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
  let runNumber = 0;

  const schedule: Cell[][] = [];
  for (const [date, count] of games) {
    for (let game = 0; game < count; game += 1) schedule.push([date, `${date.replace(/-/g, '')}${String(game + 1).padStart(2, '0')}`]);
  }

  for (const scenario of SCENARIOS) {
    const header = [scenario.dateColumn, ...(scenario.extraDate ? [scenario.extraDate] : []), 'row_id', 'value'];
    const rows: Cell[][] = [];
    const [outputDataset, outputTable] = scenario.output ?? [scenario.dataset, scenario.table];

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
      runNumber += 1;
      const runId = `run-${String(runNumber).padStart(5, '0')}`;
      const started = `${date} 07:${String(minute).padStart(2, '0')}:00`;
      const finished = `${date} 07:${String(minute + 4).padStart(2, '0')}:00`;
      history.push([scenario.processorName, runId, 'running', null, null, date, started, null, null, null, null]);
      history.push([
        scenario.processorName, runId, status, records, records, date, started, finished,
        outputDataset || null, outputTable || null, JSON.stringify(summary),
      ]);
    };

    for (const date of runDates(scenario, games)) {
      const count = scenario.cadence === 'games' ? (games.get(date) ?? 0) * scenario.rows : scenario.rows;
      const recorded = Math.round(count * (scenario.recordedFactor ?? 1));
      const anomaly = scenario.anomalies[date];
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
      }
    }
    // Anomalies on dates outside the run cadence (a backfill on a date the processor did not run).
    for (const [date, anomaly] of Object.entries(scenario.anomalies)) {
      if (anomaly === 'untracked' && !runDates(scenario, games).includes(date)) addRows(date, scenario.rows);
    }
    tables.set(`${scenario.dataset}.${scenario.table}`, { header, rows });
  }
  return { history, tables, schedule };
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
