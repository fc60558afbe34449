// A chart with a logarithmic y axis, drawn by uPlot, that fills the width of its box and keeps a
// readable height at any width. The legend is the page's own (see legend.ts), outside the plot
// area, so it never covers a curve. After each draw the box's data- attributes record what is
// shown (series labels and the axes' ranges), for the page's tests.
import uPlot from 'uplot';
import { formatAxisValue } from './format';

export interface ChartSeries {
  label: string;
  color: string;
  /** Line dash pattern in CSS pixels; [] for a solid line. */
  dash?: number[];
  /** Markers only, no line. */
  markersOnly?: boolean;
}

export interface LogChartOptions {
  xLabel: string;
  yLabel: string;
  /** How x ticks are written. */
  xFormat: (v: number) => string;
  /** Integer x ticks only (steps, indices). */
  integerX?: boolean;
  /** The chart's height in CSS pixels for a width (charts side by side share one). */
  height: (width: number) => number;
}

/** Below this width (CSS pixels) the axes and margins shrink to leave the curves more room. */
const isNarrow = (width: number) => width < 450;

/** Tick labels on the log axis at least this far apart, in CSS pixels. */
const Y_TICK_SPACE = 26;

/**
 * Ticks of a log axis: powers of ten only (a grid line per decade, not the 2…9 between them),
 * every second or fifth decade when they would crowd; plain 1-2-5 ticks within one decade.
 */
function logSplits(u: uPlot, _axis: number, min: number, max: number): number[] {
  const lo = Math.ceil(Math.log10(min) - 1e-9), hi = Math.floor(Math.log10(max) + 1e-9);
  if (hi <= lo) {
    const ticks = [1, 2, 5].flatMap((m) => [m * 10 ** (lo - 1), m * 10 ** lo]).filter((v) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9));
    return ticks.sort((a, b) => a - b);
  }
  const fits = Math.max(2, Math.floor(u.bbox.height / (window.devicePixelRatio || 1) / Y_TICK_SPACE));
  const stride = [1, 2, 3, 5, 10, 20, 25, 50, 100].find((k) => (hi - lo) / k + 1 <= fits) ?? Math.ceil((hi - lo) / fits);
  const out: number[] = [];
  for (let e = Math.ceil(lo / stride) * stride; e <= hi; e += stride) out.push(Number(`1e${e}`));
  return out;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export class LogChart {
  private plot?: uPlot;
  private key = '';
  private series: ChartSeries[] = [];
  private data: [number[], ...(number | null | undefined)[][]] = [[]];
  private narrow = false;
  private xRange: [number, number] = [0, 1];
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(private readonly box: HTMLElement, private readonly options: LogChartOptions) {
    this.resize.observe(box);
    this.describe();
  }

  private size(): { width: number; height: number } {
    const width = Math.floor(this.box.clientWidth);
    return { width, height: Math.round(this.options.height(width)) };
  }

  /** Re-measures the chart (when a neighbour's size, which sets the shared height, changed). */
  refit(): void {
    this.fit();
  }

  private fit(): void {
    const { width, height } = this.size();
    if (!this.plot || width <= 0) return;
    if (isNarrow(width) !== this.narrow) this.build();
    else if (this.plot.width !== width || this.plot.height !== height) this.plot.setSize({ width, height });
  }

  /** A new uPlot for the current series and data (the axes' sizes are fixed at creation). */
  private build(): void {
    this.plot?.destroy();
    this.narrow = isNarrow(this.size().width);
    this.box.dataset.series = this.series.map((s) => s.label).join('|');
    this.plot = new uPlot(this.plotOptions(this.series), this.data as uPlot.AlignedData, this.box);
  }

  /** Draws these series on x ∈ xRange; data is [x, y₁, y₂, …] (null: a gap, undefined: no point). */
  show(series: ChartSeries[], data: [number[], ...(number | null | undefined)[][]], xRange: [number, number]): void {
    if (!series.length || !data[0].length) {
      this.clear();
      return;
    }
    this.xRange = [xRange[0], Math.max(xRange[1], xRange[0] + 1)];
    const key = JSON.stringify(series);
    this.data = data;
    if (!this.plot || key !== this.key) {
      this.key = key;
      this.series = series;
      this.build();
    } else {
      this.plot.setData(data as uPlot.AlignedData);
    }
  }

  clear(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.key = '';
    this.describe();
  }

  private describe(plot?: uPlot): void {
    const s = plot?.scales;
    const box = this.box.dataset;
    if (!plot) box.series = '';
    box.xMin = String(s?.x.min ?? '');
    box.xMax = String(s?.x.max ?? '');
    box.yMin = String(s?.y.min ?? '');
    box.yMax = String(s?.y.max ?? '');
  }

  private plotOptions(series: ChartSeries[]): uPlot.Options {
    const fg = cssVar('--fg') || '#1d1d1f';
    const grid = cssVar('--grid') || 'rgba(128, 128, 128, 0.25)';
    const font = '12px system-ui, sans-serif';
    const axis = { stroke: fg, font, labelFont: font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 } };
    const { integerX, xFormat } = this.options;
    const narrow = this.narrow;
    return {
      ...this.size(),
      legend: { show: false },
      cursor: { show: false },
      // room on the right for the last x tick's label, centred on the plot's edge ("100 000"
      // is about 45 px wide in this font)
      padding: [12, narrow ? 24 : 28, 0, 0],
      scales: {
        x: { time: false, range: () => this.xRange },
        y: { distr: 3, log: 10 },
      },
      axes: [
        {
          ...axis, label: this.options.xLabel, labelSize: 16, labelGap: 0, size: 30, space: 60,
          incrs: integerX ? [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 25_000, 50_000, 100_000] : undefined,
          values: (_u, splits) => splits.map((v) => (v == null ? '' : xFormat(v))),
        },
        {
          ...axis, label: this.options.yLabel, labelSize: narrow ? 14 : 18, labelGap: 0, size: narrow ? 42 : 50, space: Y_TICK_SPACE,
          splits: logSplits,
          // the splits are already thinned; uPlot's own log filter would drop more
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((v) => (v == null ? '' : formatAxisValue(v))),
        },
      ],
      series: [
        {},
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash?.length ? s.dash : undefined,
          spanGaps: false,
          ...(s.markersOnly
            ? { paths: () => null, points: { show: true, size: 6, width: 0, fill: s.color, stroke: s.color } }
            : { points: { show: false } }),
        })),
      ],
      hooks: { draw: [(u) => this.describe(u)] },
    };
  }
}
