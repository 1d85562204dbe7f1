// Run-history panel figures without an editor. The panel's own controller runs with its real
// dependencies: the language server's processorAt request over stdio, the history library and
// the embedded DuckDB source of the sample workspace. The webview's PanelApp renders each view
// into a jsdom document. Measures a cursor move to a cached result, and what one refresh queries.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { JSDOM } from 'jsdom';

import { type CursorLocation, PanelController } from '../client/src/panel/controller';
import type { PanelView } from '../client/src/panel/messages';
import { ResultCache } from '../client/src/panel/result-cache';
import { SourceRegistry } from '../client/src/run-history/source-factory';
import { DEFAULT_HISTORY_SETTINGS } from '../server/src/history/config';
import { localToday } from '../server/src/history/dates';
import { resolveEndDate } from '../server/src/history/open-source';
import { resolveTarget } from '../server/src/history/resolve-target';
import type { SqlHistorySource } from '../server/src/history/sql-source';
import type { ProcessorAtResult } from '../server/src/protocol';
import { PanelApp } from '../webview/src/app';
import { ServerSession, fileUri } from './lsp';
import { percentile } from './lib/measure';

const PROCESSOR_AT_METHOD = 'processorLens/processorAt';

/** Bytes this process read through read(2) and friends so far, page cache included (Linux /proc/self/io rchar). */
function bytesRead(): number | null {
  try {
    const match = /^rchar:\s+(\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function pythonFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) out.push(...pythonFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path);
  }
  return out.sort();
}

/** Lists a cursor position on the first body line of every class in the workspace. */
function classPositions(root: string): CursorLocation[] {
  const locations: CursorLocation[] = [];
  for (const path of pythonFiles(root)) {
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (/^class \w+/.test(line)) locations.push({ uri: fileUri(path), position: { line: index + 1, character: 4 } });
      });
  }
  return locations;
}

export interface PanelFigures {
  workspace: string;
  processors: string[];
  /** showProcessorAt to the rendered table for a cached result: processorAt + cache hit + render. */
  cachedMoveMs: { p50: number; p95: number; max: number; n: number };
  /** The webview's share of it: PanelApp.receive of the view, after a structured clone like postMessage's. */
  renderMs: { p50: number; p95: number };
  /** Medians of the two awaited steps inside a cached move: the processorAt request and the range's end date. */
  processorAtMs: number;
  endDateMs: number;
  /** Queries the source ran during the cached moves, per move. */
  queriesPerCachedMove: number;
  /** showProcessorAt to the rendered table when the result is not cached (the first visit). */
  uncachedMoveMs: { p50: number; max: number; n: number };
  refresh: {
    queries: number;
    /** SQL text sent plus JSON of the rows returned, over every query of the refresh. */
    sqlBytes: number;
    rowBytes: number;
    /** Bytes the process read during the refresh (DuckDB reading the CSV exports), or null off Linux. */
    bytesReadFromFiles: number | null;
    /** bytesProcessed as the source reports it (BigQuery bills by it; DuckDB reports null). */
    bytesProcessed: number | null;
    elapsedMs: number;
    dates: number;
  };
  debounceMs: number;
}

export async function runPanel(serverPath: string, workspace: string, cachedMoves: number): Promise<PanelFigures> {
  const session = ServerSession.spawn(serverPath);
  const sources = new SourceRegistry();
  let source: SqlHistorySource | null = null;
  const queries: { sql: number; rows: number }[] = [];

  const dom = new JSDOM('<!DOCTYPE html><html><body><div id="app"></div></body></html>');
  const doc = dom.window.document;
  const app = new PanelApp(doc, doc.getElementById('app')!, { postMessage: () => undefined }, () => null);
  let lastView: PanelView | null = null;
  const renderTimes: number[] = [];
  const processorAtTimes: number[] = [];
  const endDateTimes: number[] = [];
  const timed = async <T>(times: number[], work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      times.push(performance.now() - started);
    }
  };

  try {
    await session.initialize(workspace);
    await session.waitForQuiet(1000, 60_000);

    const controller = new PanelController(
      {
        processorAt: (location) => timed(processorAtTimes, () => session.request<ProcessorAtResult | null>(PROCESSOR_AT_METHOD, location)),
        resolveTarget: (processor, historySource, config, table, signal) => resolveTarget(processor, config, historySource, { table, signal }),
        endDate: (setting, historySource, today, signal) =>
          timed(endDateTimes, () => resolveEndDate(setting, historySource as SqlHistorySource, { today, signal })),
        source: async () => {
          const opened = await sources.get({ folder: workspace, settings: {}, trusted: true });
          if (opened.ok && source === null) {
            source = opened.source as SqlHistorySource;
            source.onQuery((query, result) => {
              queries.push({ sql: Buffer.byteLength(query.sql), rows: Buffer.byteLength(JSON.stringify(result.rows)) });
            });
          }
          return opened;
        },
        today: () => localToday(),
        relativePath: (uri) => relative(workspace, new URL(uri).pathname),
        post: (view) => {
          // postMessage hands the webview a structured clone of the view.
          const message = structuredClone({ type: 'view' as const, view });
          const started = performance.now();
          app.receive(message);
          renderTimes.push(performance.now() - started);
          lastView = view;
        },
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      },
      new ResultCache(DEFAULT_HISTORY_SETTINGS['history.cacheTtlSeconds'] * 1000),
    );

    // First visits: every class, keeping those that end in a result table.
    const withResults: { location: CursorLocation; name: string }[] = [];
    const uncached: number[] = [];
    for (const location of classPositions(workspace)) {
      const started = performance.now();
      await controller.showProcessorAt(location);
      const view = lastView as PanelView | null;
      if (view?.kind === 'result' && !view.result.fromCache && !withResults.some((known) => known.name === view.header.processorName)) {
        uncached.push(performance.now() - started);
        withResults.push({ location, name: view.header.processorName });
      }
      if (withResults.length === 6) break;
    }
    if (withResults.length < 2) throw new Error(`only ${withResults.length} processors of ${workspace} show a result table; the cached-move figure needs two`);

    // Cached moves alternate between processors, since a move within the same one shows nothing new.
    renderTimes.length = 0;
    processorAtTimes.length = 0;
    endDateTimes.length = 0;
    const queriesBefore = queries.length;
    const moves: number[] = [];
    for (let index = 0; index < cachedMoves; index++) {
      const target = withResults[index % withResults.length];
      const started = performance.now();
      await controller.showProcessorAt(target.location);
      const elapsed = performance.now() - started;
      const view = lastView as PanelView | null;
      if (view?.kind !== 'result' || !view.result.fromCache) throw new Error(`the move to ${target.name} did not show a cached result (view ${view?.kind})`);
      moves.push(elapsed);
    }
    const queriesPerCachedMove = (queries.length - queriesBefore) / cachedMoves;
    const renders = renderTimes.slice();
    const processorAtMs = percentile(processorAtTimes, 50);
    const endDateMs = percentile(endDateTimes, 50);

    // One refresh of the processor on screen, bypassing the cache.
    const refreshStart = queries.length;
    const readBefore = bytesRead();
    const refreshStarted = performance.now();
    await controller.refresh();
    const refreshElapsed = performance.now() - refreshStarted;
    const readAfter = bytesRead();
    const refreshQueries = queries.slice(refreshStart);
    const result = controller.result;
    if (result === null) throw new Error('the refresh did not end in a result');

    return {
      workspace,
      processors: withResults.map((entry) => entry.name),
      cachedMoveMs: { p50: percentile(moves, 50), p95: percentile(moves, 95), max: Math.max(...moves), n: moves.length },
      renderMs: { p50: percentile(renders, 50), p95: percentile(renders, 95) },
      processorAtMs,
      endDateMs,
      queriesPerCachedMove,
      uncachedMoveMs: { p50: percentile(uncached, 50), max: Math.max(...uncached), n: uncached.length },
      refresh: {
        queries: refreshQueries.length,
        sqlBytes: refreshQueries.reduce((sum, query) => sum + query.sql, 0),
        rowBytes: refreshQueries.reduce((sum, query) => sum + query.rows, 0),
        bytesReadFromFiles: readBefore !== null && readAfter !== null ? readAfter - readBefore : null,
        bytesProcessed: result.bytesProcessed,
        elapsedMs: refreshElapsed,
        dates: result.dates.length,
      },
      debounceMs: 300,
    };
  } finally {
    await sources.dispose();
    await session.shutdown();
    dom.window.close();
  }
}
