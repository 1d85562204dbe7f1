// Hover on a checked save_data name: its exits and whether each sets the stat.
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver/node';
import type { CheckedMethod, ExitInfo, StatState } from '../engine/types';
import { exitsLensTitle } from './code-lens';

export function provideHover(methods: CheckedMethod[], position: Position, statKey: string): Hover | null {
  const method = methods.find((candidate) => contains(candidate.nameRange, position));
  if (!method) return null;
  return {
    range: method.nameRange,
    contents: { kind: MarkupKind.Markdown, value: exitsTable(method, statKey) },
  };
}

export function exitsTable(method: CheckedMethod, statKey: string): string {
  const lines = [
    `**${method.className}.${method.methodName}**: ${exitsLensTitle(method, statKey)}`,
    '',
  ];
  if (method.usedBy.length > 0 && !(method.usedBy.length === 1 && method.usedBy[0] === method.className)) {
    lines.push(`Used by ${method.usedBy.map((name) => `\`${name}\``).join(', ')}.`, '');
  }
  if (method.notAnalyzed) {
    lines.push(`Its exits are unknown until the ${method.notAnalyzed.reason} is fixed, so no findings are reported for it.`);
    return lines.join('\n');
  }
  if (method.exits.length === 0) {
    lines.push('No exits.');
    return lines.join('\n');
  }

  lines.push(`| Line | Exit | \`${statKey}\` | Rows written | Finding |`, '| ---: | --- | --- | --- | --- |');
  for (const exit of method.exits) lines.push(exitRow(exit));
  return lines.join('\n');
}

const STAT_LABELS: Record<StatState, string> = {
  set: 'set',
  unset: '**unset**',
  partial: '**unset on some paths**',
};

function exitRow(exit: ExitInfo): string {
  const cells = [
    String(exit.range.start.line + 1),
    exit.kind === 'end' ? 'end of function' : code(exit.text),
    STAT_LABELS[exit.stat],
    exit.wroteRows ? 'yes' : 'no',
    exit.rule ? code(exit.rule) : '',
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Inline code that survives a Markdown table: pipes escaped, backticks swapped for quotes. */
function code(text: string): string {
  const cleaned = text.trim().replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${cleaned.length > 60 ? `${cleaned.slice(0, 57)}...` : cleaned}\``;
}

function contains(range: CheckedMethod['nameRange'], position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
