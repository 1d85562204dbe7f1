// The live-evidence code lens: above the save_data of each processor with a cached run-history
// result, one line such as "run history: 0 rows on 4 of the last 30 days with rows in the table".
// Clicking it opens the panel for that processor.
import * as vscode from 'vscode';
import { localToday } from '../../../server/src/history/dates';
import { SHOW_RUN_HISTORY_COMMAND, type ShowRunHistoryArgs } from '../../../server/src/protocol';
import { evidenceTitle, evidenceTooltip } from './evidence';
import { locateMethodLine } from './method-line';
import type { ResultCache } from './result-cache';

export class EvidenceLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: { dispose(): void };
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly cache: ResultCache) {
    this.subscription = cache.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const uri = document.uri.toString();
    const methodName = vscode.workspace.getConfiguration('processorLens', document.uri).get<string>('methodName', 'save_data');
    const lines = Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
    const today = localToday();

    const lenses: vscode.CodeLens[] = [];
    for (const entry of this.cache.latestByProcessor().values()) {
      const processor = entry.processor;
      const method = processor?.effectiveMethod;
      if (!processor || !method || method.uri !== uri) continue;

      // The cached position is from the query's time; edits since then may have moved the method.
      const line = locateMethodLine(lines, method.nameRange.start.line, methodName);
      if (line === null) continue;

      const inherited = method.className !== processor.className;
      const title = evidenceTitle(entry.result, today);
      const args: ShowRunHistoryArgs = { uri: processor.uri, position: processor.nameRange.start };
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: inherited ? `${processor.processorName} · ${title}` : title,
          tooltip: evidenceTooltip(entry.result),
          command: SHOW_RUN_HISTORY_COMMAND,
          arguments: [args],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
