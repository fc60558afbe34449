import { describe, expect, it } from 'vitest';
import { linePlot, MAX_POINTS_PER_SERIES, PALETTE, type PlotOptions, type Series } from '../../src/report/plot';
import { linearAxis } from '../../src/report/axes';

// Plain-string parsing only (no DOM, no node: modules), so the suite runs in Node and Chromium.

const opts: PlotOptions = { title: 'Loss', xLabel: 'step k', yLabel: 'loss' };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Every element named `name`, as attribute records (in document order). */
function tags(svg: string, name: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map((m) => {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    return attrs;
  });
}

/** The contents of <g class="name" …>…</g> (axis and legend groups hold no nested <g> but entries). */
function group(svg: string, cls: string): string {
  const m = svg.match(new RegExp(`<g class="${cls}"[^>]*>([\\s\\S]*?)\\n</g>`));
  if (!m) throw new Error(`no <g class="${cls}">`);
  return m[1];
}

/** Tick labels of an axis, in order, as text. */
function tickLabels(svg: string, axis: 'x' | 'y'): string[] {
  return [...group(svg, `${axis}-axis`).matchAll(/<text x="[^"]*" y="[^"]*">([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** Absolute points of path data made of M, L and l commands, one array per subpath. */
function subpaths(d: string): [number, number][][] {
  const tokens = d.match(/[MLl]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  const runs: [number, number][][] = [];
  let cmd = '', x = 0, y = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (/[MLl]/.test(t)) { cmd = t; continue; }
    const a = Number(t), b = Number(tokens[++i]);
    if (cmd === 'M') { x = a; y = b; runs.push([[x, y]]); cmd = 'L'; }
    else if (cmd === 'L') { x = a; y = b; runs[runs.length - 1].push([x, y]); }
    else { x += a; y += b; runs[runs.length - 1].push([x, y]); }
  }
  return runs;
}

/** The single series path labelled `label`, as subpaths of absolute points. */
function seriesPath(svg: string, label: string): [number, number][][] {
  const paths = tags(svg, 'path').filter((p) => p['data-series'] === label);
  expect(paths).toHaveLength(1);
  return subpaths(paths[0].d);
}

/** Data → screen map of a linear axis, read from its first and last tick labels and marks. */
function linearMap(svg: string, axis: 'x' | 'y'): (v: number) => number {
  const labels = tickLabels(svg, axis).map((s) => Number(s.replace('−', '-')));
  const ticks = tags(group(svg, `${axis}-axis`), 'path')[0].d.match(/M[-\d.]+ [-\d.]+/g)!
    .map((m) => m.slice(1).split(' ').map(Number)[axis === 'x' ? 0 : 1]);
  const [v1, v2] = [labels[0], labels[labels.length - 1]], [p1, p2] = [ticks[0], ticks[labels.length - 1]];
  return (v) => p1 + ((v - v1) * (p2 - p1)) / (v2 - v1);
}

/** Throws unless `xml` is a well-formed tree of tags with quoted attributes and known entities. */
function expectWellFormed(xml: string): void {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<>]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i)) {
    tag.lastIndex = i;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed markup at ${i}: ${xml.slice(i, i + 80)}`);
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]);
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
  expect(xml).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
}

describe('linePlot: structure', () => {
  const series: Series[] = [
    { label: 'gd', x: range(50), y: range(50).map((k) => Math.exp(-k / 10)) },
    { label: 'heavy ball', x: new Float64Array(range(50)), y: new Float64Array(range(50).map((k) => Math.exp(-k / 5))), dashed: true },
    { label: 'nag', x: range(50), y: range(50).map((k) => 1 / (1 + k)), color: '#123456' },
  ];
  const svg = linePlot(series, { ...opts, yScale: 'log', subtitle: 'λ₀ = 0.01' });

  it('is one <svg> element with xmlns, viewBox, role="img" and the title as aria-label and <title>', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    const root = tags(svg, 'svg');
    expect(root).toHaveLength(1);
    expect(root[0]).toMatchObject({ viewBox: '0 0 640 400', role: 'img', 'aria-label': 'Loss' });
    expect(svg).toContain('<title>Loss</title>');
    expect(svg).toMatch(/<text class="title"[^>]*>Loss<\/text>/);
    expect(svg).toMatch(/<text class="subtitle"[^>]*>λ₀ = 0.01<\/text>/);
    expect(svg).toMatch(/<text class="axis-label"[^>]*>step k<\/text>/);
    expect(svg).toMatch(/<text class="axis-label"[^>]*rotate\(-90[^>]*>loss<\/text>/);
    expectWellFormed(svg);
  });

  it('draws each series as exactly one <path class="series" data-series> in its colour', () => {
    const paths = tags(svg, 'path').filter((p) => 'data-series' in p);
    expect(paths.map((p) => p['data-series'])).toEqual(['gd', 'heavy ball', 'nag']);
    for (const p of paths) {
      expect(p.class).toBe('series');
      expect(p.fill).toBe('none');
      expect(subpaths(p.d)).toHaveLength(1);
      expect(subpaths(p.d)[0]).toHaveLength(50);
    }
    expect(paths.map((p) => p.stroke)).toEqual([PALETTE[0], PALETTE[1], '#123456']);
  });

  it('dashed series, and their legend swatches, have a stroke-dasharray; solid ones do not', () => {
    const paths = tags(svg, 'path').filter((p) => 'data-series' in p);
    expect(paths.map((p) => 'stroke-dasharray' in p)).toEqual([false, true, false]);
    const swatches = tags(group(svg, 'legend'), 'path');
    expect(swatches.map((p) => 'stroke-dasharray' in p)).toEqual([false, true, false]);
  });

  it('dotted series, and their legend swatches, have a dot pattern of their own, with round caps that draw the dots', () => {
    const dotted = linePlot([
      { label: 'solid', x: [0, 1], y: [1, 2] },
      { label: 'dashed', x: [0, 1], y: [1, 2], dashed: true },
      { label: 'dotted', x: [0, 1], y: [1, 2], dotted: true },
    ], { title: 't', xLabel: 'x', yLabel: 'y' });
    const paths = tags(dotted, 'path').filter((p) => 'data-series' in p);
    expect(paths.map((p) => p['stroke-dasharray'])).toEqual([undefined, '6 4', '0.1 3.6']);
    expect(paths[2]['stroke-linecap']).toBe('round');
    const swatches = tags(group(dotted, 'legend'), 'path');
    expect(swatches.map((p) => p['stroke-dasharray'])).toEqual([undefined, '6 4', '0.1 3.6']);
    expect(swatches.map((p) => p['stroke-linecap'])).toEqual([undefined, undefined, 'round']);
  });

  it('lists every series in the legend, with its colour, in order', () => {
    const entries = tags(svg, 'g').filter((g) => g.class === 'legend-entry');
    expect(entries.map((e) => e['data-legend'])).toEqual(['gd', 'heavy ball', 'nag']);
    expect(tags(group(svg, 'legend'), 'path').map((p) => p.stroke)).toEqual([PALETTE[0], PALETTE[1], '#123456']);
    for (const label of ['gd', 'heavy ball', 'nag']) expect(group(svg, 'legend')).toContain(`>${label}</text>`);
  });

  it('draws a light grid and a frame, and every point inside the frame', () => {
    const grid = tags(svg, 'path').find((p) => p.class === 'grid')!;
    expect(grid['stroke-opacity']).toBe('0.12');
    const frame = tags(svg, 'rect').find((r) => r.class === 'frame')!;
    const [left, top, width, height] = ['x', 'y', 'width', 'height'].map((k) => Number(frame[k]));
    for (const s of series) {
      for (const [px, py] of seriesPath(svg, s.label).flat()) {
        expect(px).toBeGreaterThanOrEqual(left);
        expect(px).toBeLessThanOrEqual(left + width);
        expect(py).toBeGreaterThanOrEqual(top);
        expect(py).toBeLessThanOrEqual(top + height);
      }
    }
  });

  it('is deterministic', () => {
    expect(linePlot(series, { ...opts, yScale: 'log', subtitle: 'λ₀ = 0.01' })).toBe(svg);
  });

  it('honours width and height', () => {
    const small = linePlot(series, { ...opts, width: 320, height: 240 });
    expect(tags(small, 'svg')[0]).toMatchObject({ viewBox: '0 0 320 240', width: '320', height: '240' });
    expectWellFormed(small);
  });

  it('draws markers as <circle>s in one <g class="series" data-series>, and no path for them', () => {
    const m = linePlot([{ label: 'eigenvalues', x: [1, 2, 3, 4], y: [4, 3, 0, 1], markers: true }], { ...opts, yScale: 'log' });
    const g = m.match(/<g class="series" data-series="eigenvalues"[^>]*>(.*?)<\/g>/);
    expect(g).not.toBeNull();
    expect(tags(g![1], 'circle')).toHaveLength(3); // y = 0 is left out on a log axis
    expect(tags(m, 'path').filter((p) => 'data-series' in p)).toHaveLength(0);
    expect(tags(group(m, 'legend'), 'circle')).toHaveLength(1);
    expect(m).not.toMatch(/NaN|Infinity/);
    expectWellFormed(m);
  });

  it('draws empty axes for no series, and a blank path for a series with no drawable point', () => {
    const empty = linePlot([], { ...opts, yScale: 'log' });
    expect(tickLabels(empty, 'y')).toEqual(['10⁰', '10¹']);
    expect(empty).not.toContain('class="legend"');
    expectWellFormed(empty);
    const blank = linePlot([{ label: 'diverged', x: [0, 1, 2], y: [NaN, -1, 0] }], { ...opts, yScale: 'log' });
    expect(tags(blank, 'path').find((p) => p['data-series'] === 'diverged')!.d).toBe('');
    expect(blank).not.toMatch(/NaN|Infinity/);
  });
});

describe('linePlot: ticks', () => {
  it('labels every decade in range on a log axis, 10⁻³ style, with minor ticks, top to bottom', () => {
    const y = [2e-4, 3e-3, 0.5, 30];
    const svg = linePlot([{ label: 'a', x: range(4), y }], { ...opts, yScale: 'log' });
    const labels = tickLabels(svg, 'y');
    for (const d of [-3, -2, -1, 0, 1]) expect(labels).toContain(`10${String(d).replace(/./g, (c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'['0123456789'.indexOf(c)] ?? '⁻')}`);
    expect(labels).toEqual(['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹']);
    const ys = tags(group(svg, 'y-axis'), 'text').filter((t) => !t.class).map((t) => Number(t.y));
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeLessThan(ys[i - 1]);
    const ticks = tags(group(svg, 'y-axis'), 'path')[0].d;
    expect(ticks.match(/h-4/g)).toHaveLength(5);
    expect((ticks.match(/h-2.5/g) ?? []).length).toBeGreaterThanOrEqual(30); // 2…9 × 10^k
  });

  it('labels a log x axis by decades too, and thins labels over many decades', () => {
    const svg = linePlot([{ label: 'a', x: [1, 10, 100, 1000], y: [1, 1e-10, 1e-20, 1e-30] }], { ...opts, xScale: 'log', yScale: 'log' });
    expect(tickLabels(svg, 'x')).toEqual(['10⁰', '10¹', '10²', '10³']);
    const ylabels = tickLabels(svg, 'y');
    expect(ylabels.length).toBeGreaterThanOrEqual(4);
    expect(ylabels.length).toBeLessThanOrEqual(13);
    for (const l of ylabels) expect(l).toMatch(/^10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
    expect(ylabels).toContain('10⁰');
    expect(ylabels).toContain('10⁻³⁰');
  });

  it('widens a log axis spanning less than a decade to two labelled powers of ten', () => {
    expect(tickLabels(linePlot([{ label: 'a', x: [0, 1], y: [0.3, 0.9] }], { ...opts, yScale: 'log' }), 'y')).toEqual(['10⁻¹', '10⁰']);
    expect(tickLabels(linePlot([{ label: 'a', x: [0, 1], y: [5, 5] }], { ...opts, yScale: 'log' }), 'y')).toEqual(['10⁰', '10¹']);
  });

  it('puts round ticks (1, 2 or 5 × 10^k apart) on linear axes, with a true minus sign', () => {
    const svg = linePlot([{ label: 'a', x: [0, 1000], y: [-1.3, 1.42] }], opts);
    for (const axis of ['x', 'y'] as const) {
      const values = tickLabels(svg, axis).map((s) => Number(s.replace('−', '-')));
      expect(values.length).toBeGreaterThanOrEqual(3);
      expect(values.every(Number.isFinite)).toBe(true);
      const step = values[1] - values[0];
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      for (let i = 1; i < values.length; i++) expect(values[i] - values[i - 1]).toBeCloseTo(step, 9);
    }
    expect(tickLabels(svg, 'x')).toEqual(['0', '200', '400', '600', '800', '1000']);
    expect(tickLabels(svg, 'y')).toContain('−0.5');
  });

  it('gives a sensible axis for a degenerate range', () => {
    for (const value of [3, 0, -2e-7, 1e300]) {
      const svg = linePlot([{ label: 'flat', x: [0, 1, 2], y: [value, value, value] }], opts);
      const labels = tickLabels(svg, 'y');
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(new Set(labels).size).toBe(labels.length);
      expect(svg).not.toMatch(/NaN|Infinity/);
      const [run] = seriesPath(svg, 'flat');
      expect(run.length).toBeGreaterThanOrEqual(2);
      expect(new Set(run.map((p) => p[1])).size).toBe(1);
    }
  });

  it('uses exponent notation for very large or small linear values, and never overflows', () => {
    const big = linePlot([{ label: 'a', x: [0, 1], y: [0, 3e7] }], opts);
    expect(tickLabels(big, 'y')).toContain('1e7');
    const small = linePlot([{ label: 'a', x: [0, 1], y: [0, 4e-5] }], opts);
    expect(tickLabels(small, 'y')).toContain('2e-5');
    for (const y of [[0, Number.MAX_VALUE], [-1e308, 1e308], [Number.MIN_VALUE, 2 * Number.MIN_VALUE]]) {
      const svg = linePlot([{ label: 'a', x: [0, 1], y }], opts);
      expect(svg).not.toMatch(/NaN|Infinity/);
      expect(seriesPath(svg, 'a')[0]).toHaveLength(2);
    }
  });
});

describe('linePlot: points left out', () => {
  it('log axes skip non-positive and non-finite values, breaking the path there, with no NaN or Infinity', () => {
    const y = [1, 0.5, 0, 0.2, 0.1, -1, 0.05, 0.01, NaN, 0.005, Infinity, 0.002, -Infinity, 0.001];
    const svg = linePlot([{ label: 'loss', x: range(y.length), y }], { ...opts, yScale: 'log' });
    expect(svg).not.toMatch(/NaN|Infinity/);
    // three segments, then three lone points drawn as dots (M x y l0 0)
    expect(seriesPath(svg, 'loss').map((run) => run.length)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('a log x axis skips x ≤ 0 (the step k = 0 of a log–log plot)', () => {
    const svg = linePlot([{ label: 'nag', x: range(100), y: range(100).map((k) => (k + 1) ** -3) }], { ...opts, xScale: 'log', yScale: 'log' });
    expect(svg).not.toMatch(/NaN|Infinity/);
    const runs = seriesPath(svg, 'nag');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toHaveLength(99);
    expect(tickLabels(svg, 'x')).toEqual(['10⁰', '10¹', '10²']);
  });

  it('linear axes skip only non-finite values; a lone point between gaps is a dot', () => {
    const y = [1, NaN, -2, 0, Infinity, 3];
    const svg = linePlot([{ label: 's', x: range(y.length), y }], opts);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(seriesPath(svg, 's').map((run) => run.length)).toEqual([2, 2, 2]); // [1, dot], [−2, 0], [3, dot]
    const d = tags(svg, 'path').find((p) => p['data-series'] === 's')!.d;
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d).toMatch(/l0 0$/);
    const ys = linearMap(svg, 'y');
    const runs = seriesPath(svg, 's');
    expect(runs[1][0][1]).toBeCloseTo(ys(-2), 0);
    expect(runs[1][1][1]).toBeCloseTo(ys(0), 0);
  });

  it('ranges come from drawable points only', () => {
    const log = linePlot([{ label: 's', x: [0, 1, 2], y: [-5, 0.5, 1e6] }], { ...opts, yScale: 'log' });
    expect(tickLabels(log, 'y')).toEqual(['10⁰', '10¹', '10²', '10³', '10⁴', '10⁵', '10⁶']);
    const linear = linePlot([{ label: 's', x: [0, 1, 2, 3, 4], y: [1, 2, Infinity, NaN, -Infinity] }], opts);
    for (const label of tickLabels(linear, 'y')) {
      expect(Number(label)).toBeGreaterThanOrEqual(0.8);
      expect(Number(label)).toBeLessThanOrEqual(2.2);
    }
  });
});

describe('linePlot: escaping', () => {
  it('escapes labels, titles and axis labels for XML', () => {
    const svg = linePlot([{ label: '<b>& "x"', x: [0, 1], y: [1, 2], color: '"red"' }],
      { title: 'a < b & c', xLabel: '<i>k</i>', yLabel: '"loss"', subtitle: "it's > 1" });
    expect(svg).toContain('data-series="&lt;b&gt;&amp; &quot;x&quot;"');
    expect(svg).toContain('data-legend="&lt;b&gt;&amp; &quot;x&quot;"');
    expect(svg).toContain('>&lt;b&gt;&amp; &quot;x&quot;</text>');
    expect(svg).toContain('aria-label="a &lt; b &amp; c"');
    expect(svg).toContain('<title>a &lt; b &amp; c</title>');
    expect(svg).toContain('>&lt;i&gt;k&lt;/i&gt;</text>');
    expect(svg).toContain('>&quot;loss&quot;</text>');
    expect(svg).toContain('>it&#39;s &gt; 1</text>');
    expect(svg).toContain('stroke="&quot;red&quot;"');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<i>');
    expectWellFormed(svg);
  });

  it('drops control characters that XML forbids', () => {
    const svg = linePlot([{ label: 'a\u0001b', x: [0], y: [1] }], { ...opts, title: 'x\u0000y' });
    expect(svg).toContain('data-series="ab"');
    expect(svg).toContain('<title>xy</title>');
  });
});

describe('linePlot: decimation', () => {
  // ±1 alternating (a momentum-like oscillation) with a spike, a dip and a gap
  const n = 5000;
  const y: number[] = range(n).map((k) => (k % 2 ? 1 : -1));
  y[1234] = 5;
  y[3210] = -7;
  y[4000] = NaN;

  it(`draws at most ${MAX_POINTS_PER_SERIES} points per series, first and last included`, () => {
    const svg = linePlot([{ label: 'osc', x: range(n), y }], opts);
    const runs = seriesPath(svg, 'osc');
    const points = runs.flat();
    expect(points.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(points.length).toBeGreaterThan(MAX_POINTS_PER_SERIES / 2);
    const xs = linearMap(svg, 'x'), ys = linearMap(svg, 'y');
    expect(points[0][0]).toBeCloseTo(xs(0), 0);
    expect(points[0][1]).toBeCloseTo(ys(-1), 0);
    expect(points.at(-1)![0]).toBeCloseTo(xs(n - 1), 0);
    expect(points.at(-1)![1]).toBeCloseTo(ys(1), 0);
    for (let i = 1; i < points.length; i++) expect(points[i][0]).toBeGreaterThanOrEqual(points[i - 1][0]);
  });

  it('keeps the extremes (min/max per bucket) and the gap', () => {
    const svg = linePlot([{ label: 'osc', x: range(n), y }], opts);
    const runs = seriesPath(svg, 'osc');
    expect(runs).toHaveLength(2);
    const ys = linearMap(svg, 'y');
    const screenY = runs.flat().map((p) => p[1]);
    expect(Math.min(...screenY)).toBeCloseTo(ys(5), 0);
    expect(Math.max(...screenY)).toBeCloseTo(ys(-7), 0);
    // the envelope of the oscillation survives: both +1 and −1 are drawn throughout
    const xs = linearMap(svg, 'x');
    const late = runs[1].filter((p) => p[0] > xs(4500));
    expect(late.some((p) => Math.abs(p[1] - ys(1)) < 0.5)).toBe(true);
    expect(late.some((p) => Math.abs(p[1] - ys(-1)) < 0.5)).toBe(true);
  });

  it('caps markers too', () => {
    const svg = linePlot([{ label: 'm', x: range(n), y: range(n).map(Math.sqrt), markers: true }], opts);
    const circles = tags(svg, 'circle').length - 1; // minus the legend's
    expect(circles).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(circles).toBeGreaterThan(100);
  });

  it('keeps 10 curves of 5000 points on a log axis small', () => {
    const series: Series[] = range(10).map((i) => ({
      label: `optimizer ${i}`, x: range(n), dashed: i % 2 === 1,
      y: range(n).map((k) => Math.exp(-k * 0.002 * (i + 1)) * (1.2 + Math.cos(k / (3 + i)))),
    }));
    const svg = linePlot(series, { ...opts, yScale: 'log' });
    for (const s of series) expect(seriesPath(svg, s.label).flat().length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(svg.length).toBeLessThan(250_000);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expectWellFormed(svg);
  });
});

describe('linePlot: argument checks', () => {
  const ok: Series = { label: 'a', x: [0, 1], y: [1, 2] };
  it('rejects series that are not an array of objects', () => {
    expect(() => linePlot('a' as never, opts)).toThrow(new TypeError("linePlot: series must be an array of { label, x, y } objects (got the string 'a')"));
    expect(() => linePlot([3] as never, opts)).toThrow(new TypeError('linePlot: series[0] must be an object with label, x and y (got 3)'));
    expect(() => linePlot([null] as never, opts)).toThrow(TypeError);
  });

  it('rejects x and y of different lengths with a RangeError naming the series', () => {
    expect(() => linePlot([ok, { label: 'nag', x: [0, 1, 2], y: [1, 2] }], opts))
      .toThrow(new RangeError('linePlot: series "nag" has 3 x values but 2 y values'));
  });

  it('rejects labels that are not strings, x or y that are not number arrays, and unknown keys', () => {
    expect(() => linePlot([{ ...ok, label: 3 } as never], opts)).toThrow(new TypeError('linePlot: series[0].label must be a string (got 3)'));
    expect(() => linePlot([{ ...ok, x: 'ab' } as never], opts)).toThrow(/series "a": x must be an array or typed array of numbers/);
    expect(() => linePlot([{ ...ok, y: [1, null] } as never], opts)).toThrow(new TypeError('linePlot: series "a": y[1] must be a number (got null); use NaN for a gap'));
    expect(() => linePlot([{ ...ok, dash: true } as never], opts)).toThrow(new TypeError("linePlot: series[0] has an unknown key 'dash' (known: label, x, y, dashed, dotted, color, markers, hollow)"));
    expect(() => linePlot([{ ...ok, dashed: 'yes' } as never], opts)).toThrow(TypeError);
    expect(() => linePlot([{ ...ok, dotted: 1 } as never], opts)).toThrow(TypeError);
    expect(() => linePlot([{ ...ok, dashed: true, dotted: true }], opts)).toThrow(new TypeError('linePlot: series "a" is both dashed and dotted; choose one'));
    expect(() => linePlot([{ ...ok, color: 3 } as never], opts)).toThrow(TypeError);
  });

  it("rejects scales other than 'linear' and 'log'", () => {
    expect(() => linePlot([ok], { ...opts, yScale: 'logarithmic' as never }))
      .toThrow(new TypeError("linePlot: opts.yScale must be 'linear' or 'log' (got the string 'logarithmic')"));
    expect(() => linePlot([ok], { ...opts, xScale: null as never })).toThrow(TypeError);
  });

  it('rejects missing or non-string titles, unknown options, and bad sizes', () => {
    expect(() => linePlot([ok], undefined as never)).toThrow(TypeError);
    expect(() => linePlot([ok], { ...opts, title: undefined } as never)).toThrow(new TypeError('linePlot: opts.title must be a string (got undefined)'));
    expect(() => linePlot([ok], { ...opts, yLabel: 1 } as never)).toThrow(TypeError);
    expect(() => linePlot([ok], { ...opts, logY: true } as never)).toThrow(/unknown key 'logY'/);
    expect(() => linePlot([ok], { ...opts, width: 10 })).toThrow(new RangeError('linePlot: opts.width must be between 240 and 100000 (got 10)'));
    expect(() => linePlot([ok], { ...opts, height: NaN })).toThrow(RangeError);
    expect(() => linePlot([ok], { ...opts, height: '400' } as never)).toThrow(TypeError);
  });
});

describe('linePlot: rings and axis ends', () => {
  it('draws hollow markers as larger rings, so dots at the same points stay visible', () => {
    const svg = linePlot([
      { label: 'dots', x: [1, 2], y: [1, 2], markers: true },
      { label: 'rings', x: [1, 2], y: [1, 2], markers: true, hollow: true, color: '#d62728' },
    ], { title: 't', xLabel: 'x', yLabel: 'y' });
    expect(svg).toMatch(/data-series="rings" fill="none" stroke="#d62728"/);
    expect(svg).toMatch(/data-series="dots" fill="#[0-9a-f]{6}"><circle [^>]*r="2.5"/);
    expect(svg).toMatch(/data-series="rings"[^>]*><circle [^>]*r="4.5"/);
  });

  it('ends a linear axis on ticks that enclose the data: the top label is at or above the largest value', () => {
    const axis = linearAxis([0, 0.013, 0.134], 5);
    const labels = axis.major.map((t) => t.value);
    expect(Math.max(...labels)).toBeGreaterThanOrEqual(0.134);
    expect(Math.min(...labels)).toBeLessThanOrEqual(0);
    expect(axis.hi).toBe(Math.max(...labels));
    expect(axis.lo).toBe(Math.min(...labels));
  });
});
