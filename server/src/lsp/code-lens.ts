// Code lenses above each checked save_data (how many exits set the stat) and above each
// processor (open its run history in the panel).
import type { CodeLens } from 'vscode-languageserver/node';
import type { CheckedMethod, ExitInfo, ProcessorInfo, StatState } from '../engine/types';
import { SHOW_EXITS_COMMAND, SHOW_RUN_HISTORY_COMMAND, type ShowExitsArgs, type ShowExitsItem, type ShowRunHistoryArgs } from '../protocol';
import { pathToUri } from './uri';

export function provideCodeLenses(uri: string, methods: CheckedMethod[], processors: ProcessorInfo[], statKey: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  const historyShownFor = new Set<string>();

  for (const method of methods) {
    lenses.push(exitsLens(uri, method, statKey));
    if (method.usedBy.includes(method.className)) {
      lenses.push(runHistoryLens(uri, method.nameRange));
      historyShownFor.add(method.className);
    }
  }

  // A processor that inherits its save_data still has run history of its own.
  for (const processor of processors) {
    if (historyShownFor.has(processor.className)) continue;
    lenses.push(runHistoryLens(uri, processor.nameRange));
  }
  return lenses;
}

/**
 * Returns the title of the exits lens, for example `2 of 3 exits set rows_inserted`, or
 * `save_data not analyzed: syntax error on line 17` for a method the engine could not analyze.
 */
export function exitsLensTitle(method: CheckedMethod, statKey: string): string {
  if (method.notAnalyzed) return `${method.methodName} not analyzed: ${method.notAnalyzed.reason}`;
  const total = method.exits.length;
  const set = method.exits.filter((exit) => exit.stat === 'set').length;
  return `${set} of ${total} ${total === 1 ? 'exit sets' : 'exits set'} ${statKey}`;
}

function exitsLens(uri: string, method: CheckedMethod, statKey: string): CodeLens {
  const args: ShowExitsArgs = {
    uri,
    position: method.nameRange.start,
    locations: method.exits.map((exit) => ({ uri: pathToUri(method.path), range: exit.range })),
    items: exitItems(method, statKey),
    title: `${method.className}.${method.methodName}: ${exitsLensTitle(method, statKey)}`,
  };
  if (method.notAnalyzed) {
    // There are no exits to list, so the lens leads to the cause.
    const cause = { line: method.notAnalyzed.line, character: 0 };
    args.locations = [{ uri: pathToUri(method.path), range: { start: cause, end: cause } }];
  }
  return {
    range: method.nameRange,
    command: { title: exitsLensTitle(method, statKey), command: SHOW_EXITS_COMMAND, arguments: [args] },
  };
}

const STAT_WORDS: Record<StatState, string> = {
  set: 'set',
  unset: 'not set',
  partial: 'set on some paths only',
};

/** Returns the quick-pick entries of the exits lens: one per exit, or the syntax error of a method not analyzed. */
export function exitItems(method: CheckedMethod, statKey: string): ShowExitsItem[] {
  const uri = pathToUri(method.path);
  if (method.notAnalyzed) {
    const cause = { line: method.notAnalyzed.line, character: 0 };
    return [{
      label: `syntax error on line ${method.notAnalyzed.line + 1}`,
      description: `${method.methodName} not analyzed`,
      detail: 'Fix the syntax to see the exits.',
      uri,
      range: { start: cause, end: cause },
    }];
  }
  return method.exits.map((exit) => exitItem(exit, uri, statKey));
}

function exitItem(exit: ExitInfo, uri: string, statKey: string): ShowExitsItem {
  const line = exit.range.start.line + 1;
  const source = exit.kind === 'end' ? '' : exit.text.trim();
  return {
    // The end exit's range is the function name, so its line is the def line.
    label: exit.kind === 'end' ? `end of function (def on line ${line})` : `${exit.kind} on line ${line}`,
    description: `${statKey} ${STAT_WORDS[exit.stat]}, ${exit.wroteRows ? 'rows written' : 'no rows written'}`,
    detail: [source, exit.rule ?? ''].filter((part) => part !== '').join('  ·  '),
    uri,
    range: exit.range,
  };
}

function runHistoryLens(uri: string, nameRange: CheckedMethod['nameRange']): CodeLens {
  const args: ShowRunHistoryArgs = { uri, position: nameRange.start };
  return {
    range: nameRange,
    command: { title: 'Show run history', command: SHOW_RUN_HISTORY_COMMAND, arguments: [args] },
  };
}
