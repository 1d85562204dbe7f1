import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axisYear, chartSeries, problemMarking, readPalette, withAlpha } from '../../../webview/src/chart-data';
import { formatBytes, formatShortDate } from '../../../webview/src/format';
import type { DateComparison, DateStatus } from '../../../server/src/history/types';

function date(day: string, status: DateStatus, recorded: number | null, actual: number): DateComparison {
  return {
    date: day, runs: recorded === null ? 0 : 1, successes: recorded === null ? 0 : 1, failures: 0, lastStatus: null,
    recordedRows: recorded, maxRecordedRows: recorded, rowsInsertedKey: null, actualRows: actual, scheduledGames: null, status,
  };
}

describe('readPalette', () => {
  test('theme variables win', () => {
    const variables: Record<string, string> = {
      '--vscode-charts-foreground': ' #cccccc ',
      '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-font-family': 'Segoe UI',
      '--vscode-font-size': '13px',
    };
    const palette = readPalette((name) => variables[name] ?? '');
    assert.deepEqual(palette, {
      text: '#cccccc',
      grid: 'rgba(204, 204, 204, 0.5)',
      actual: '#3794ff',
      recorded: '#d18616',
      problem: '#f14c4c',
      contrastBorder: '',
      editorError: '',
      fontFamily: 'Segoe UI',
      fontSize: 13,
    });
  });

  test('fallback variables, then defaults', () => {
    const variables: Record<string, string> = { '--vscode-foreground': '#333333', '--vscode-errorForeground': '#a1260d' };
    const palette = readPalette((name) => variables[name] ?? '');
    assert.equal(palette.text, '#333333');
    assert.equal(palette.problem, '#a1260d');
    assert.equal(palette.actual, '#3794ff');
    assert.equal(palette.fontSize, 13);
  });
});

describe('axisYear', () => {
  test('one year names it', () => {
    assert.equal(axisYear(['2026-11-01', '2026-12-04']), '2026');
  });

  test('crossing years names none', () => {
    assert.equal(axisYear(['2025-12-30', '2026-01-04']), null);
  });
});

describe('problemMarking', () => {
  test('faint band in normal themes', () => {
    const palette = readPalette((name) => ({ '--vscode-charts-red': '#f14c4c', '--vscode-editorError-foreground': '#ff0000' })[name] ?? '');
    assert.deepEqual(problemMarking(palette), { band: 'rgba(241, 76, 76, 0.22)', outline: null, marker: '#f14c4c' });
  });

  test('high contrast uses border and error colours', () => {
    const variables: Record<string, string> = { '--vscode-charts-red': '#f14c4c', '--vscode-contrastBorder': '#6fc3df', '--vscode-editorError-foreground': '#ff3333' };
    const palette = readPalette((name) => variables[name] ?? '');
    assert.deepEqual(problemMarking(palette), { band: 'rgba(255, 51, 51, 0.45)', outline: '#6fc3df', marker: '#ff3333' });
  });
});

describe('withAlpha', () => {
  test('hex and rgb forms', () => {
    assert.equal(withAlpha('#f14c4c', 0.2), 'rgba(241, 76, 76, 0.2)');
    assert.equal(withAlpha('#fff', 0.5), 'rgba(255, 255, 255, 0.5)');
    assert.equal(withAlpha('#11223344', 1), 'rgba(17, 34, 51, 1)');
    assert.equal(withAlpha('rgba(204, 204, 204, 0.5)', 0.1), 'rgba(204, 204, 204, 0.1)');
    assert.equal(withAlpha('rgb(1 2 3)', 0.3), 'rgba(1, 2, 3, 0.3)');
  });

  test('other forms unchanged', () => {
    assert.equal(withAlpha('red', 0.5), 'red');
  });
});

describe('chartSeries', () => {
  test('oldest first with problem indexes', () => {
    const series = chartSeries([
      date('2026-11-03', 'ok', 5, 5),
      date('2026-11-01', 'tracking-bug', 0, 9),
      date('2026-11-02', 'untracked', null, 4),
      date('2026-11-04', 'legitimately-empty', null, 0),
    ]);
    assert.deepEqual(series.dates, ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    assert.deepEqual(series.actual, [9, 4, 5, 0]);
    assert.deepEqual(series.recorded, [0, null, 5, null]);
    assert.deepEqual(series.problemIndexes, [0, 1]);
  });
});

describe('formatShortDate', () => {
  test('year shown only when it differs', () => {
    assert.equal(formatShortDate('2026-11-05', '2026-12-04'), '11-05');
    assert.equal(formatShortDate('2025-12-30', '2026-01-04'), '2025-12-30');
  });
});

describe('formatBytes', () => {
  test('binary units', () => {
    assert.equal(formatBytes(0), '0 bytes');
    assert.equal(formatBytes(1023), '1,023 bytes');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(48_234_496), '46 MiB');
    assert.equal(formatBytes(3 * 1024 ** 4), '3.0 TiB');
  });
});
