// `ntk-dynamics run` with a test split (--test-n): the held-out points' loss of every network and
// of its two predictions in results.json, the terminal summary, the report's figure and the
// exports; --test-n 0 (or none) leaves all of it out (the built command).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

const column = (m: Matrix, j: number) => Array.from({ length: m.rows }, (_, i) => m.get(i, j));

describe('ntk-dynamics run --test-n', () => {
  const out = tempDir('test-split');
  const p = runCli(['run', ...TINY, '--test-n', '15', '--optimizers', 'gd,hb,nag', '--export', 'npy,csv,svg', '--out', out]);

  it('records every network\'s test loss beside its predictions; the linearized one starts at the network\'s own loss, bit for bit', () => {
    expect(p.status, p.stderr).toBe(0);
    const r = readResults(out);
    expect(r.config.testN).toBe(15);
    expect(r.data.test).toEqual({ n: 15, source: expect.stringMatching(/^15 further random unit vectors in ℝ³ with N\(0, 1\) targets/) });
    for (const run of r.runs) {
      const t = run.test!;
      expect(t.steps).toEqual(run.training.steps);
      expect(t.network).toHaveLength(t.steps.length);
      expect(t.linearized![0]).toBe(t.network[0]);
      expect(t.infiniteWidth).toHaveLength(t.steps.length);
      expect(t.infiniteWidth!.every(Number.isFinite)).toBe(true);
      // the infinite-width network starts from outputs 0, the finite one from its own
      expect(t.infiniteWidth![0]).not.toBe(t.network[0]);
      expect(run.training).not.toHaveProperty('testLoss');
    }
  });

  it('prints the final test losses under the summary', () => {
    const lines = p.stdout.split('\n');
    const header = lines.findIndex((l) => /^optimizer\s+test loss: network\s+linearized\s+infinite width$/.test(l));
    expect(header).toBeGreaterThan(0);
    const r = readResults(out);
    expect(lines.slice(header + 2, header + 5).map((l) => l.split(/\s{2,}/)[0])).toEqual(r.runs.map((run) => run.name));
    expect(p.stdout).toContain('Test loss: the loss on 15 held-out points');
  });

  it('draws them in the report and exports them', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.split('<h2>Loss on unseen points</h2>')).toHaveLength(2);
    expect(html).toMatch(/class="title"[^>]*>Test loss: network \(solid\), linearized \(dashed\), infinite width \(dotted\)<\/text>/);
    const svg = readFileSync(join(out, 'figures', 'test-loss.svg'), 'utf8');
    for (const name of ['GD', 'HB β=0.9', 'NAG ρ=3']) {
      for (const kind of ['network', 'linearized', 'infinite width']) expect(svg).toContain(`data-series="${name}: ${kind}"`);
    }
    expect(svg.match(/stroke-dasharray="0\.1 3\.6"/g)!.length).toBeGreaterThanOrEqual(6); // 3 dotted curves and their swatches
    const r = readResults(out);
    for (const run of r.runs) {
      const m = npy(join(out, 'export', `${run.id}.test.npy`));
      expect([m.rows, m.cols]).toEqual([run.test!.steps.length, 4]);
      expect(column(m, 0)).toEqual(run.test!.steps);
      expect(column(m, 1)).toEqual(run.test!.network);
      expect(column(m, 2)).toEqual(run.test!.linearized);
      expect(column(m, 3)).toEqual(run.test!.infiniteWidth);
      expect(readFileSync(join(out, 'export', `${run.id}.test.csv`), 'utf8').split('\n')[0]).toBe('step,network,linearized,infinite_width');
    }
    const index = JSON.parse(readFileSync(join(out, 'export', 'index.json'), 'utf8'));
    expect(index.files.find((f: { file: string }) => f.file === 'gd.test.npy')).toMatchObject({ columns: ['step', 'network', 'linearized', 'infinite_width'] });
  });

  it('--test-n 0 and --test-n none leave the test split out everywhere', () => {
    for (const off of ['0', 'none']) {
      const dir = tempDir(`no-test-${off}`);
      const q = runCli(['run', ...TINY, '--test-n', off, '--optimizers', 'gd', '--export', 'npy,svg', '--out', dir]);
      expect(q.status, q.stderr).toBe(0);
      const r = readResults(dir);
      expect(r.config.testN).toBe(0);
      expect(r.data.test).toBeUndefined();
      expect(r.runs[0].test).toBeUndefined();
      expect(q.stdout).not.toContain('test loss');
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('Loss on unseen points');
      expect(existsSync(join(dir, 'figures', 'test-loss.svg'))).toBe(false);
      expect(readdirSync(join(dir, 'export')).filter((f) => f.includes('.test.'))).toEqual([]);
    }
  });

  it('the standard parameterization has no infinite-width curve, and says so', () => {
    const dir = tempDir('test-standard');
    const q = runCli(['run', ...TINY, '--parameterization', 'standard', '--train-output-layer', '--loss', 'mean', '--lr', '0.001', '--optimizers', 'gd', '--out', dir]);
    expect(q.status, q.stderr).toBe(0);
    const t = readResults(dir).runs[0].test!;
    expect(t.infiniteWidth).toBeNull();
    expect(t.linearized![0]).toBe(t.network[0]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('The standard parameterization has no infinite-width limit here');
    expect(html).toMatch(/class="title"[^>]*>Test loss: network \(solid\), linearized \(dashed\)<\/text>/);
    expect(q.stdout).toMatch(/^GD\s+\S+\s+\S+\s+–$/m);
  });

  it('a width sweep has none; asking for one there is a mistake in the call', () => {
    const dir = tempDir('test-sweep');
    const q = runCli(['run', '--n', '8', '--dim', '3', '--steps', '5', '--widths', '16,32', '--optimizers', 'gd', '--quiet', '--out', dir]);
    expect(q.status, q.stderr).toBe(0);
    expect(readResults(dir).config.testN).toBe(0);
    const bad = runCli(['run', '--widths', '16,32', '--test-n', '10', '--out', tempDir('test-sweep-bad')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('ntk-dynamics: --test-n is for loss curves: a width sweep (--widths) keeps only the final training loss at each width');
  });
});
