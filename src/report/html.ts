// The report as one self-contained HTML5 page: inline CSS only (no scripts, no fonts or images to
// fetch, no external URLs), light and dark colour schemes, the plots inlined as SVG, a summary
// table, and the configuration that produced it.

import { describe, requireArray, requireOptions, requireString } from '../args';
import { escapeXml } from './plot';

export interface ReportSection {
  heading: string;
  /** An SVG element (from linePlot), inserted as is. */
  svg: string;
  caption: string;
  /** A table under the figure (e.g. the numbers plotted). */
  table?: ReportTable;
}

export interface ReportTable {
  header: string[];
  rows: (string | number)[][];
}

export interface ReportDocument {
  title: string;
  /** short paragraphs, plain text (escaped) */
  intro: string[];
  /** a summary table */
  table?: ReportTable;
  /** short paragraphs under the summary table: what its columns mean */
  tableNotes?: string[];
  sections: ReportSection[];
  /** shown in a <details> block as pretty JSON */
  config: unknown;
  version: string;
  generatedAt: string;
}

const DOCUMENT_KEYS = ['title', 'intro', 'table', 'tableNotes', 'sections', 'config', 'version', 'generatedAt'];
const SECTION_KEYS = ['heading', 'svg', 'caption', 'table'];
const TABLE_KEYS = ['header', 'rows'];

// Colours as custom properties, swapped for dark mode; the SVGs draw text, axes and grid in
// currentColor, so they follow. Fonts are the system's: nothing is fetched.
const STYLE = `
:root { color-scheme: light dark; --fg: #1d1d21; --bg: #ffffff; --muted: #5d5d68; --rule: #d9d9e0; --panel: #f4f4f7; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e4e4ea; --bg: #16161a; --muted: #a2a2ae; --rule: #3b3b44; --panel: #212127; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2.5rem 0 0.75rem; padding-top: 1rem; border-top: 1px solid var(--rule); }
p { margin: 0 0 0.8rem; }
figure { margin: 0; }
figure svg { display: block; width: 100%; max-width: 48rem; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: 0.92rem; margin-top: 0.5rem; }
.table-wrap { overflow-x: auto; margin: 1.5rem 0; }
table { border-collapse: collapse; font-size: 0.92rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.35rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--muted); }
.table-notes p { color: var(--muted); font-size: 0.88rem; }
section .table-wrap { margin: 1rem 0 0; }
td.num { text-align: right; white-space: nowrap; }
details { margin-top: 2.5rem; }
summary { cursor: pointer; font-weight: 600; }
pre { background: var(--panel); padding: 1rem; border-radius: 6px; overflow: auto; font: 0.85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
@media print { h2 { break-before: auto; } figure { break-inside: avoid; } }
`.trim();

/** A table cell: strings as given; numbers to 4 significant digits, with ∞ and a true minus. */
function formatCell(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const s = Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : String(Number(v.toPrecision(4)));
  return s.replace(/^-/, '−').replace('e+', 'e');
}

/**
 * The configuration as indented JSON. Typed arrays become arrays, non-finite numbers and
 * bigints become strings (JSON would turn NaN into null), undefined becomes null.
 */
function configJson(fn: string, config: unknown): string {
  try {
    const text = JSON.stringify(config, (_key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
      if (typeof value === 'bigint') return value.toString();
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>);
      return value;
    }, 2);
    return text ?? 'null';
  } catch (e) {
    throw new TypeError(`${fn}: config cannot be written as JSON (${(e as Error).message})`);
  }
}

function parseTable(fn: string, name: string, value: unknown): ReportTable {
  const t = requireOptions(fn, value as Record<string, unknown>, TABLE_KEYS, name);
  const header = requireArray(fn, `${name}.header`, t.header).map((h, j) => requireString(fn, `${name}.header[${j}]`, h));
  const rows = requireArray(fn, `${name}.rows`, t.rows).map((row, i) => {
    const cells = requireArray(fn, `${name}.rows[${i}]`, row);
    if (cells.length !== header.length) {
      throw new RangeError(`${fn}: ${name}.rows[${i}] has ${cells.length} cells but the header has ${header.length}`);
    }
    return cells.map((c, j) => {
      if (typeof c !== 'string' && typeof c !== 'number') {
        throw new TypeError(`${fn}: ${name}.rows[${i}][${j}] must be a string or a number (got ${describe(c)})`);
      }
      return c;
    });
  });
  return { header, rows };
}

function tableHtml(table: ReportTable): string[] {
  const out = ['<div class="table-wrap">', '<table>', '<thead>', `<tr>${table.header.map((h) => `<th scope="col">${escapeXml(h)}</th>`).join('')}</tr>`, '</thead>', '<tbody>'];
  for (const row of table.rows) {
    out.push(`<tr>${row.map((c) => (typeof c === 'number' ? `<td class="num">${escapeXml(formatCell(c))}</td>` : `<td>${escapeXml(c)}</td>`)).join('')}</tr>`);
  }
  out.push('</tbody>', '</table>', '</div>');
  return out;
}

/**
 * A complete, self-contained HTML5 page for `doc`: the title as h1, the intro paragraphs, the
 * summary table (with a thead), one section per plot (h2, the SVG inlined as is, the caption as
 * a figcaption), the configuration as pretty JSON in a closed <details>, and a footer with the
 * version and the generation time. All text is escaped; the SVG strings are trusted, except
 * that one containing "<script" is rejected, so the page never runs code. The only CSS is
 * inline, with a dark scheme under prefers-color-scheme; nothing refers to a URL.
 *
 * @throws TypeError for fields of the wrong type, unknown keys, an SVG with a script, or a
 *   config that JSON cannot represent (a cycle); RangeError when a table row's length differs
 *   from the header's
 *
 * @example
 * const html = reportHtml({ title: 'Run', intro: ['…'], sections: [{ heading: 'Loss', svg, caption: '…' }],
 *   config, version: '0.1.0', generatedAt: new Date().toISOString() });
 */
export function reportHtml(doc: ReportDocument): string {
  const fn = 'reportHtml';
  const d = requireOptions(fn, doc as unknown as Record<string, unknown>, DOCUMENT_KEYS, 'doc');
  const title = requireString(fn, 'doc.title', d.title);
  const intro = requireArray(fn, 'doc.intro', d.intro).map((p, i) => requireString(fn, `doc.intro[${i}]`, p));
  const version = requireString(fn, 'doc.version', d.version);
  const generatedAt = requireString(fn, 'doc.generatedAt', d.generatedAt);
  const sections = requireArray(fn, 'doc.sections', d.sections).map((value, i) => {
    const s = requireOptions(fn, value as Record<string, unknown>, SECTION_KEYS, `doc.sections[${i}]`);
    const section = {
      heading: requireString(fn, `doc.sections[${i}].heading`, s.heading),
      svg: requireString(fn, `doc.sections[${i}].svg`, s.svg),
      caption: requireString(fn, `doc.sections[${i}].caption`, s.caption),
      table: s.table === undefined ? undefined : parseTable(fn, `doc.sections[${i}].table`, s.table),
    };
    if (/<script/i.test(section.svg)) throw new TypeError(`${fn}: doc.sections[${i}].svg contains a <script> element`);
    return section;
  });
  const table = d.table === undefined ? undefined : parseTable(fn, 'doc.table', d.table);
  const tableNotes = d.tableNotes === undefined ? [] : requireArray(fn, 'doc.tableNotes', d.tableNotes).map((p, i) => requireString(fn, `doc.tableNotes[${i}]`, p));
  const config = configJson(fn, d.config);

  const out: string[] = [];
  out.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator" content="ntk-dynamics ${escapeXml(version)}">`,
    `<title>${escapeXml(title)}</title>`, `<style>\n${STYLE}\n</style>`, '</head>', '<body>', '<main>');
  out.push(`<h1>${escapeXml(title)}</h1>`);
  for (const p of intro) out.push(`<p>${escapeXml(p)}</p>`);
  if (table) out.push(...tableHtml(table));
  if (tableNotes.length) out.push('<div class="table-notes">', ...tableNotes.map((p) => `<p>${escapeXml(p)}</p>`), '</div>');
  for (const s of sections) {
    out.push('<section>', `<h2>${escapeXml(s.heading)}</h2>`, '<figure>', s.svg, `<figcaption>${escapeXml(s.caption)}</figcaption>`, '</figure>', ...(s.table ? tableHtml(s.table) : []), '</section>');
  }
  out.push('<details>', '<summary>Configuration</summary>', `<pre><code>${escapeXml(config)}</code></pre>`, '</details>');
  out.push(`<footer>Generated by ntk-dynamics ${escapeXml(version)} on ${escapeXml(generatedAt)}.</footer>`);
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}
