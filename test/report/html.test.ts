import { describe, expect, it } from 'vitest';
import { reportHtml, type ReportDocument } from '../../src/report/html';
import { linePlot, type Series } from '../../src/report/plot';

// Plain-string parsing only (no DOM, no node: modules), so the suite runs in Node and Chromium.

const VOID = ['meta', 'link', 'br', 'hr', 'img', 'input'];
const XMLNS = 'xmlns="http://www.w3.org/2000/svg"';

/** Throws unless `html` is a well-formed tree of tags (void elements aside) with known entities. */
function expectWellFormed(html: string): void {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<>]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  let i = html.indexOf('<!doctype html>') === 0 ? 15 : 0;
  for (i = html.indexOf('<', i); i >= 0; i = html.indexOf('<', i)) {
    tag.lastIndex = i;
    const m = tag.exec(html);
    if (!m) throw new Error(`malformed markup at ${i}: ${html.slice(i, i + 80)}`);
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else if (!m[4] && !VOID.includes(m[2])) stack.push(m[2]);
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
  expect(html).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
}

const svg = linePlot([{ label: 'gd', x: [0, 1, 2], y: [1, 0.5, 0.25] }], { title: 'Loss', xLabel: 'k', yLabel: 'loss', yScale: 'log' });
const doc: ReportDocument = {
  title: 'GD & Nesterov <on> a "wide" net',
  intro: ['First paragraph: 1 < 2 & 3 > 2.', 'Second paragraph.'],
  table: {
    header: ['optimizer', 'final loss', '<rate>'],
    rows: [['gd', 0.000123456789, 'linear'], ['nag', -Infinity, 'k^−3'], ['hb', 42, 'n/a']],
  },
  sections: [
    { heading: 'Loss against the step', svg, caption: 'Solid: network; dashed: ODE & friends.' },
    { heading: 'Spectrum <λ>', svg, caption: 'Eigenvalues.' },
  ],
  config: { optimizer: 'nag', lr: 0.5, note: '<script>alert("x")</script> & more', rho: NaN, widths: new Float64Array([16, 32]) },
  version: '0.1.0',
  generatedAt: '2025-06-01T12:00:00.000Z',
};

describe('reportHtml', () => {
  const html = reportHtml(doc);

  it('is a complete, well-formed HTML5 page with utf-8 and inline style only', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('<title>GD &amp; Nesterov &lt;on&gt; a &quot;wide&quot; net</title>');
    expect(html).toContain('<h1>GD &amp; Nesterov &lt;on&gt; a &quot;wide&quot; net</h1>');
    expectWellFormed(html);
  });

  it('has no script, no external resource and no URL besides the SVG namespace', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(|src=|href=/i);
    expect(html.split(XMLNS).join('')).not.toMatch(/https?:|\/\//);
  });

  it('is readable in light and dark mode', () => {
    expect(html).toContain('color-scheme: light dark');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\) \{/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
  });

  it('escapes the intro paragraphs', () => {
    expect(html).toContain('<p>First paragraph: 1 &lt; 2 &amp; 3 &gt; 2.</p>');
    expect(html).toContain('<p>Second paragraph.</p>');
  });

  it('gives every section an h2, the SVG as is, and its caption', () => {
    const sections = [...html.matchAll(/<section>([\s\S]*?)<\/section>/g)].map((m) => m[1]);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain('<h2>Loss against the step</h2>');
    expect(sections[1]).toContain('<h2>Spectrum &lt;λ&gt;</h2>');
    for (const s of sections) expect(s).toContain(svg);
    expect(sections[0]).toContain('<figcaption>Solid: network; dashed: ODE &amp; friends.</figcaption>');
    expect(sections[1]).toContain('<figcaption>Eigenvalues.</figcaption>');
    expect(html.split(svg)).toHaveLength(3);
  });

  it('writes the table with a thead of header cells, and formats numbers', () => {
    const table = html.match(/<table>([\s\S]*?)<\/table>/)![1];
    const thead = table.match(/<thead>([\s\S]*?)<\/thead>/)![1];
    expect([...thead.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['optimizer', 'final loss', '&lt;rate&gt;']);
    const rows = [...table.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)][0][1].match(/<tr>/g);
    expect(rows).toHaveLength(3);
    expect(table).toContain('<td>gd</td><td class="num">0.0001235</td><td>linear</td>');
    expect(table).toContain('<td class="num">−∞</td>');
    expect(table).toContain('<td class="num">42</td>');
  });

  it('shows the config as escaped, indented JSON in a <details> block', () => {
    const details = html.match(/<details>([\s\S]*?)<\/details>/)![1];
    expect(details).toContain('<summary>Configuration</summary>');
    const json = details.match(/<pre><code>([\s\S]*?)<\/code><\/pre>/)![1];
    expect(json).toContain('  &quot;optimizer&quot;: &quot;nag&quot;,');
    expect(json).toContain('&quot;note&quot;: &quot;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt; &amp; more&quot;');
    expect(json).toContain('&quot;rho&quot;: &quot;NaN&quot;');
    const unescaped = json.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(JSON.parse(unescaped)).toEqual({ optimizer: 'nag', lr: 0.5, note: '<script>alert("x")</script> & more', rho: 'NaN', widths: [16, 32] });
  });

  it('ends with a footer naming the version and the generation time', () => {
    expect(html).toMatch(/<footer>[^<]*0\.1\.0[^<]*2025-06-01T12:00:00\.000Z[^<]*<\/footer>/);
  });

  it('works without a table and with no sections', () => {
    const bare = reportHtml({ title: 'T', intro: [], sections: [], config: undefined, version: 'v', generatedAt: 'now' });
    expect(bare).not.toContain('<table');
    expect(bare).not.toContain('<section');
    expect(bare).toContain('<pre><code>null</code></pre>');
    expectWellFormed(bare);
  });

  it('keeps a sample report of 10 curves of 5000 points on log axes under 300 KB', () => {
    const k = Array.from({ length: 5000 }, (_, i) => i);
    const series: Series[] = Array.from({ length: 10 }, (_, i) => ({
      label: `optimizer ${i}${i % 2 ? ': ODE' : ': network'}`, x: k, dashed: i % 2 === 1,
      y: k.map((s) => Math.exp(-s * 0.002 * (i + 1)) * (1.2 + Math.cos(s / (3 + i)))),
    }));
    const plot = linePlot(series, { title: 'Training loss', xLabel: 'step k', yLabel: 'loss', yScale: 'log' });
    const sample = reportHtml({
      ...doc, config: { steps: 5000, optimizers: 10 }, sections: [{ heading: 'Loss', svg: plot, caption: 'Ten optimizers.' }],
    });
    const bytes = new TextEncoder().encode(sample).length;
    expect(bytes).toBeLessThan(300_000);
    expect(sample).not.toMatch(/NaN|Infinity/);
    expect(sample.match(/<path class="series"/g)).toHaveLength(10);
    expectWellFormed(sample);
  });
});

describe('reportHtml: argument checks', () => {
  it('rejects a document that is not an object, or has unknown keys', () => {
    expect(() => reportHtml(null as never)).toThrow(new TypeError('reportHtml: doc must be an object (got null)'));
    expect(() => reportHtml({ ...doc, footer: 'x' } as never)).toThrow(/doc has an unknown key 'footer'/);
  });

  it('rejects fields of the wrong type', () => {
    expect(() => reportHtml({ ...doc, title: 3 } as never)).toThrow(new TypeError('reportHtml: doc.title must be a string (got 3)'));
    expect(() => reportHtml({ ...doc, intro: 'text' } as never)).toThrow(new TypeError("reportHtml: doc.intro must be an array (got the string 'text')"));
    expect(() => reportHtml({ ...doc, intro: ['a', 2] } as never)).toThrow(/doc.intro\[1\] must be a string/);
    expect(() => reportHtml({ ...doc, sections: [{ heading: 'h', svg: 'x' }] } as never)).toThrow(/doc.sections\[0\].caption must be a string/);
    expect(() => reportHtml({ ...doc, version: undefined } as never)).toThrow(TypeError);
    expect(() => reportHtml({ ...doc, table: { header: ['a'], rows: [[{}]] } } as never)).toThrow(/doc.table.rows\[0\]\[0\] must be a string or a number/);
  });

  it('rejects a table row whose length differs from the header with a RangeError', () => {
    expect(() => reportHtml({ ...doc, table: { header: ['a', 'b'], rows: [['x', 1], ['y']] } }))
      .toThrow(new RangeError('reportHtml: doc.table.rows[1] has 1 cells but the header has 2'));
  });

  it('rejects an SVG that carries a script, and a config JSON cannot represent', () => {
    expect(() => reportHtml({ ...doc, sections: [{ heading: 'h', svg: '<svg><SCRIPT>x</SCRIPT></svg>', caption: '' }] }))
      .toThrow(new TypeError('reportHtml: doc.sections[0].svg contains a <script> element'));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => reportHtml({ ...doc, config: cyclic })).toThrow(/reportHtml: config cannot be written as JSON/);
  });
});
