// --export npy,csv,svg: every curve, the spectra and the theory kernel as .npy and .csv files
// beside results.json, read back bit for bit (fromNpy) and value for value (the CSV), and the
// report's figures as standalone SVG files (the built command).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromNpy } from '../../src/io/npy';
import { Matrix } from '../../src/linalg/matrix';
import { readResults, runCli, tempDir, TINY } from '../helpers/cli';

function npy(path: string): Matrix {
  const m = fromNpy(new Uint8Array(readFileSync(path)));
  if (!(m instanceof Matrix)) throw new Error(`${path} is not a matrix`);
  return m;
}

function column(m: Matrix, j: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => m.get(i, j));
}

/** A CSV as written: its header, and its rows as numbers (nan, inf, -inf as NumPy writes them). */
function csv(path: string): { header: string[]; rows: number[][] } {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const value = (s: string) => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));
  return { header: header.split(','), rows: lines.map((l) => l.split(',').map(value)) };
}

describe('ntk-dynamics run --export', () => {
  const out = tempDir('export');
  const p = runCli(['run', ...TINY, '--optimizers', 'gd,hb,nag', '--export', 'npy,csv,svg', '--out', out]);

  it('writes the documented layout, with an index', () => {
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toContain(`wrote ${join(out, 'results.json')}, ${join(out, 'report.html')}, ${join(out, 'export')}/ and ${join(out, 'figures')}/`);
    const files = readdirSync(join(out, 'export')).sort();
    const expected = ['index.json'];
    for (const base of ['gd.loss', 'gd.drift', 'gd.test', 'hb-0.9.loss', 'hb-0.9.drift', 'hb-0.9.test', 'nag-3.loss', 'nag-3.drift', 'nag-3.test', 'spectra', 'theory-kernel']) expected.push(`${base}.npy`, `${base}.csv`);
    expect(files).toEqual(expected.sort());
    const index = JSON.parse(readFileSync(join(out, 'export', 'index.json'), 'utf8'));
    expect(index.files.find((f: { file: string }) => f.file === 'gd.loss.npy')).toMatchObject({ shape: [61, 5], columns: ['step', 'time', 'network', 'linearized', 'ode'] });
  });

  it('the .npy files hold results.json\'s numbers bit for bit, and the kernel whose spectrum it gives', () => {
    const r = readResults(out);
    for (const run of r.runs) {
      const loss = npy(join(out, 'export', `${run.id}.loss.npy`));
      expect([loss.rows, loss.cols]).toEqual([run.training.steps.length, 5]);
      expect(column(loss, 0)).toEqual(run.training.steps);
      expect(column(loss, 1)).toEqual(run.ode.times);
      expect(column(loss, 2)).toEqual(run.training.loss);
      expect(column(loss, 3)).toEqual(run.linearized.loss);
      expect(column(loss, 4)).toEqual(run.ode.loss);
      const drift = npy(join(out, 'export', `${run.id}.drift.npy`));
      expect(column(drift, 1)).toEqual(run.training.weightDrift);
      expect(column(drift, 2)).toEqual(run.training.kernelDrift);
    }
    const spectra = npy(join(out, 'export', 'spectra.npy'));
    expect(column(spectra, 0)).toEqual(r.spectrum.theory);
    expect(column(spectra, 1)).toEqual(r.spectrum.H0);
    const kernel = npy(join(out, 'export', 'theory-kernel.npy'));
    expect([kernel.rows, kernel.cols]).toEqual([12, 12]);
    let trace = 0;
    for (let i = 0; i < 12; i++) {
      trace += kernel.get(i, i);
      for (let j = 0; j < 12; j++) expect(kernel.get(i, j)).toBe(kernel.get(j, i));
    }
    const sum = r.spectrum.theory.reduce((a, b) => a + b, 0);
    expect(Math.abs(trace - sum)).toBeLessThan(1e-12 * Math.abs(trace));
  });

  it('the .csv files hold the same numbers, under a header line', () => {
    for (const base of ['gd.loss', 'nag-3.drift', 'nag-3.test', 'spectra', 'theory-kernel']) {
      const m = npy(join(out, 'export', `${base}.npy`));
      const t = csv(join(out, 'export', `${base}.csv`));
      expect(t.header).toHaveLength(m.cols);
      expect(t.rows).toHaveLength(m.rows);
      for (let i = 0; i < m.rows; i++) expect(t.rows[i], `${base} row ${i}`).toEqual(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
    }
    expect(csv(join(out, 'export', 'gd.loss.csv')).header).toEqual(['step', 'time', 'network', 'linearized', 'ode']);
  });

  it('a width sweep exports its table; values not computed are nan', () => {
    const sweep = tempDir('export-sweep');
    expect(runCli(['run', '--n', '8', '--dim', '3', '--steps', '10', '--widths', '16,32,64', '--optimizers', 'gd,hb', '--quiet', '--export', 'npy,csv', '--out', sweep]).status).toBe(0);
    const r = readResults(sweep);
    const m = npy(join(sweep, 'export', 'sweep.npy'));
    expect(column(m, 0)).toEqual([16, 32, 64]);
    expect(column(m, 1)).toEqual(r.sweep!.runs[0].loss);
    expect(column(m, 2)).toEqual(r.sweep!.runs[1].loss);
    expect(csv(join(sweep, 'export', 'sweep.csv')).header).toEqual(['width', 'gd', 'hb-0.9']);

    // a sweep that failed at its last width: what it did not get to is nan
    const failed = tempDir('export-failed');
    expect(runCli(['run', '--n', '8', '--dim', '3', '--steps', '10', '--widths', '16,300000000', '--optimizers', 'gd', '--quiet', '--export', 'npy,csv', '--out', failed]).status).toBe(1);
    const lines = readFileSync(join(failed, 'export', 'sweep.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('width,gd');
    expect(lines[1]).toMatch(/^16,\d/);
    expect(lines[2]).toBe('300000000,nan');
    expect(Number.isNaN(npy(join(failed, 'export', 'sweep.npy')).get(1, 1))).toBe(true);
  });

  it('--export svg writes the report\'s figures, as the report has them', () => {
    const figures = readdirSync(join(out, 'figures')).sort();
    expect(figures).toEqual(['kernel-drift.svg', 'loss.svg', 'nag-loglog.svg', 'ode.svg', 'spectrum.svg', 'test-loss.svg', 'weight-drift.svg', 'width-gap.svg']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const f of figures) {
      const svg = readFileSync(join(out, 'figures', f), 'utf8');
      expect(svg.startsWith('<svg style="background:#fff;color:#222" xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(html).toContain(svg.replace('<svg style="background:#fff;color:#222" ', '<svg ').trimEnd());
    }
  });
});
