// The chart's data and colours, without chart.js, so they can be tested outside a browser.
import type { DateComparison, DateStatus } from '../../server/src/history/types';
import { PROBLEM_STATUSES } from '../../client/src/panel/messages';

export interface ChartPalette {
  text: string;
  grid: string;
  actual: string;
  recorded: string;
  problem: string;
  /** The theme's contrast border, set only by high-contrast themes; empty otherwise. */
  contrastBorder: string;
  /** --vscode-editorError-foreground, the problem marker colour of high-contrast themes; may be empty. */
  editorError: string;
  fontFamily: string;
  /** Pixels. */
  fontSize: number;
}

/** CSS variables VS Code sets on the webview for each theme, and fallbacks for older versions. */
const PALETTE_VARIABLES: Record<Exclude<keyof ChartPalette, 'fontSize' | 'contrastBorder' | 'editorError'>, { variable: string; fallback: string }> = {
  text: { variable: '--vscode-charts-foreground', fallback: '--vscode-foreground' },
  grid: { variable: '--vscode-charts-lines', fallback: '--vscode-widget-border' },
  actual: { variable: '--vscode-charts-blue', fallback: '--vscode-textLink-foreground' },
  recorded: { variable: '--vscode-charts-orange', fallback: '--vscode-editorWarning-foreground' },
  problem: { variable: '--vscode-charts-red', fallback: '--vscode-errorForeground' },
  fontFamily: { variable: '--vscode-font-family', fallback: '--vscode-editor-font-family' },
};

/** Reads the palette through `read(name)`, which returns a CSS variable's value or "". */
export function readPalette(read: (name: string) => string): ChartPalette {
  const value = (key: keyof typeof PALETTE_VARIABLES, last: string): string => {
    const { variable, fallback } = PALETTE_VARIABLES[key];
    return read(variable).trim() || read(fallback).trim() || last;
  };
  const fontSize = Number.parseFloat(read('--vscode-font-size'));
  return {
    text: value('text', '#808080'),
    grid: value('grid', 'rgba(128, 128, 128, 0.35)'),
    actual: value('actual', '#3794ff'),
    recorded: value('recorded', '#d18616'),
    problem: value('problem', '#f14c4c'),
    contrastBorder: read('--vscode-contrastBorder').trim(),
    editorError: read('--vscode-editorError-foreground').trim(),
    fontFamily: value('fontFamily', 'sans-serif'),
    fontSize: Number.isFinite(fontSize) && fontSize > 0 ? fontSize : 13,
  };
}

/**
 * Returns the year of the x axis when every date falls in one year, else null. The axis labels
 * are month-day within the end date's year, so the axis title carries the year they leave out.
 */
export function axisYear(dates: readonly string[]): string | null {
  const years = new Set(dates.map((date) => date.slice(0, 4)));
  return years.size === 1 ? [...years][0] : null;
}

/** How problem dates are marked: a band behind the column, an optional outline, and the marker colour. */
export interface ProblemMarking {
  band: string;
  outline: string | null;
  marker: string;
}

/**
 * Chooses the problem-date marking. A faint band is enough in the normal themes, but in a
 * high-contrast theme (one that sets --vscode-contrastBorder) the chart has a black or white
 * background, so the band is stronger, the markers use --vscode-editorError-foreground, and each
 * band gets an outline in the contrast border colour.
 */
export function problemMarking(palette: ChartPalette): ProblemMarking {
  if (palette.contrastBorder === '') return { band: withAlpha(palette.problem, 0.22), outline: null, marker: palette.problem };
  const marker = palette.editorError || palette.problem;
  return { band: withAlpha(marker, 0.45), outline: palette.contrastBorder, marker };
}

/**
 * Returns `color` with the given opacity (0 to 1). Hex colours (#rgb, #rrggbb, #rrggbbaa) and
 * rgb()/rgba() are converted; any other form is returned unchanged.
 */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim());
  if (hex !== null) {
    let digits = hex[1];
    if (digits.length === 3) digits = [...digits].map((digit) => digit + digit).join('');
    const [r, g, b] = [0, 2, 4].map((offset) => Number.parseInt(digits.slice(offset, offset + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  if (rgb !== null) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return color;
}

export interface ChartSeries {
  /** ISO dates, oldest first. */
  dates: string[];
  actual: number[];
  /** null where no successful run recorded a count. */
  recorded: (number | null)[];
  statuses: DateStatus[];
  /** Indexes of the dates the chart marks as problems. */
  problemIndexes: number[];
}

export function chartSeries(dates: DateComparison[]): ChartSeries {
  const oldestFirst = [...dates].sort((a, b) => a.date.localeCompare(b.date));
  const problemIndexes: number[] = [];
  oldestFirst.forEach((date, index) => {
    if (PROBLEM_STATUSES.has(date.status)) problemIndexes.push(index);
  });
  return {
    dates: oldestFirst.map((date) => date.date),
    actual: oldestFirst.map((date) => date.actualRows),
    // A not-compared date's recorded count belongs to another table, so the chart leaves it out.
    recorded: oldestFirst.map((date) => (date.status === 'not-compared' ? null : date.recordedRows)),
    statuses: oldestFirst.map((date) => date.status),
    problemIndexes,
  };
}
