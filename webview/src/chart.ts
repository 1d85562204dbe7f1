// The chart of recorded versus actual rows per date, drawn with chart.js. Problem dates get a
// band behind their bar; colours come from the theme and are re-read when the theme changes.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import type { DateComparison } from '../../server/src/history/types';
import { STATUS_LABELS } from '../../client/src/panel/messages';
import { axisYear, chartSeries, problemMarking, withAlpha, type ChartPalette, type ChartSeries } from './chart-data';
import { formatShortDate } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

interface ProblemBandOptions {
  indexes: number[];
  color: string;
  /** Outline of each band, drawn in high-contrast themes; null for none. */
  outline: string | null;
}

/** Fills the column of each problem date before the datasets are drawn. */
const problemBands: Plugin<'bar'> = {
  id: 'problemBands',
  beforeDatasetsDraw(chart, _args, options) {
    const { indexes, color, outline } = options as unknown as ProblemBandOptions;
    const x = chart.scales.x;
    const count = chart.data.labels?.length ?? 0;
    if (!x || count === 0 || indexes.length === 0) return;

    const width = (chart.chartArea.right - chart.chartArea.left) / count;
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = color;
    if (outline !== null) {
      ctx.strokeStyle = outline;
      ctx.lineWidth = 1;
    }
    for (const index of indexes) {
      const center = x.getPixelForValue(index);
      const height = chart.chartArea.bottom - chart.chartArea.top;
      ctx.fillRect(center - width / 2, chart.chartArea.top, width, height);
      if (outline !== null) ctx.strokeRect(center - width / 2 + 0.5, chart.chartArea.top + 0.5, width - 1, height - 1);
    }
    ctx.restore();
  },
};

function buildConfig(series: ChartSeries, endDate: string, palette: ChartPalette): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
  const problem = new Set(series.problemIndexes);
  const marking = problemMarking(palette);
  const year = axisYear(series.dates);
  const font = { family: palette.fontFamily, size: palette.fontSize - 2 };
  return {
    type: 'bar',
    data: {
      labels: series.dates.map((date) => formatShortDate(date, endDate)),
      datasets: [
        {
          type: 'bar',
          label: 'Rows in table',
          data: series.actual,
          backgroundColor: withAlpha(palette.actual, 0.75),
          borderColor: palette.actual,
          borderWidth: 1,
          order: 2,
        },
        {
          type: 'line',
          label: 'Recorded in run history',
          data: series.recorded,
          borderColor: palette.recorded,
          backgroundColor: palette.recorded,
          borderWidth: 2,
          spanGaps: false,
          pointRadius: series.recorded.map((_, index) => (problem.has(index) ? 4 : 2)),
          pointBackgroundColor: series.recorded.map((_, index) => (problem.has(index) ? marking.marker : palette.recorded)),
          pointBorderColor: series.recorded.map((_, index) => (problem.has(index) ? marking.outline ?? marking.marker : palette.recorded)),
          order: 1,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          ticks: { color: palette.text, font, maxRotation: 0, autoSkipPadding: 8 },
          title: { display: year !== null, text: year ?? '', color: palette.text, font },
          grid: { display: false },
          border: { color: palette.grid },
        },
        y: { beginAtZero: true, ticks: { color: palette.text, font, precision: 0 }, grid: { color: palette.grid }, border: { display: false } },
      },
      plugins: {
        legend: { labels: { color: palette.text, font, boxWidth: 10, boxHeight: 10 } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const index = items[0]?.dataIndex ?? 0;
              return `${series.dates[index]} · ${STATUS_LABELS[series.statuses[index]]}`;
            },
          },
        },
        // Chart.js passes each registered plugin its options by id; the band plugin is ours.
        ...({ problemBands: { indexes: series.problemIndexes, color: marking.band, outline: marking.outline } } as object),
      },
    },
    plugins: [problemBands as unknown as Plugin<'bar' | 'line'>],
  };
}

export class HistoryChart {
  private chart: Chart<'bar' | 'line', (number | null)[], string> | null = null;
  private series: ChartSeries | null = null;
  private endDate = '';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private palette: ChartPalette,
  ) {}

  show(dates: DateComparison[], endDate: string): void {
    this.series = chartSeries(dates);
    this.endDate = endDate;
    this.redraw();
    const problems = this.series.problemIndexes.length;
    this.canvas.setAttribute(
      'aria-label',
      `Recorded and actual rows for ${dates.length} dates; ${problems} ${problems === 1 ? 'date is' : 'dates are'} marked as problems. The table below lists every date.`,
    );
  }

  /** Applies a new theme's colours. */
  setPalette(palette: ChartPalette): void {
    this.palette = palette;
    if (this.series !== null) this.redraw();
  }

  /** Shows the tooltip of a date, for example when its table row has keyboard focus. */
  highlight(date: string | null): void {
    if (this.chart === null || this.series === null) return;
    const index = date === null ? -1 : this.series.dates.indexOf(date);
    const active = index < 0 ? [] : [{ datasetIndex: 0, index }];
    if (index >= 0 && this.series.recorded[index] !== null) active.push({ datasetIndex: 1, index });
    this.chart.setActiveElements(active);
    const element = index < 0 ? undefined : this.chart.getDatasetMeta(0).data[index];
    this.chart.tooltip?.setActiveElements(active, { x: element?.x ?? 0, y: element?.y ?? 0 });
    this.chart.update();
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private redraw(): void {
    if (this.series === null) return;
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, buildConfig(this.series, this.endDate, this.palette));
  }
}
