// ANSI styling for the text output. Colours follow the usual conventions: --no-color wins,
// then FORCE_COLOR (any value but 0 turns colours on, 0 turns them off), then NO_COLOR
// (any non-empty value turns them off), then whether stdout is a terminal.

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
}

export function shouldUseColor(noColorFlag: boolean, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (noColorFlag) return false;

  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';

  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

function style(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const identity = (text: string): string => text;

export function createPalette(enabled: boolean): Palette {
  if (!enabled) {
    return { bold: identity, dim: identity, red: identity, yellow: identity, blue: identity, cyan: identity, green: identity };
  }
  return {
    bold: style(1, 22),
    dim: style(2, 22),
    red: style(31, 39),
    yellow: style(33, 39),
    blue: style(34, 39),
    cyan: style(36, 39),
    green: style(32, 39),
  };
}
