// The files of a run are written as one set: temporary names, then renamed into place, and
// what an earlier run left that this one does not write is removed, with a note of what was
// replaced; leftovers of a killed run are cleared (the built command).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, runCli, tempDir, TINY } from '../helpers/cli';

describe('ntk-dynamics run output', () => {
  it('a second run into the same folder replaces every file of the first, and says so', () => {
    const out = tempDir('replace');
    const first = runCli(['run', ...TINY, '--export', 'npy,csv,svg', '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe(''); // nothing to replace
    expect(readdirSync(out).sort()).toEqual(['export', 'figures', 'report.html', 'results.json']);
    const startedFirst = readResults(out).startedAt;

    const second = runCli(['run', ...TINY, '--optimizers', 'gd', '--out', out]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`^replaced the earlier run's results\\.json, report\\.html, export/, figures/ in ${out} \\(written \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\n$`));
    // only the second run's files: its results and report, no exports of the first
    expect(readdirSync(out).sort()).toEqual(['report.html', 'results.json']);
    const results = readResults(out);
    expect(results.startedAt).not.toBe(startedFirst);
    expect(results.runs.map((r) => r.id)).toEqual(['gd']);
  });

  it('a run with fewer exports removes the folders it does not write, and keeps none of its temporary files', () => {
    const out = tempDir('fewer');
    expect(runCli(['run', ...TINY, '--export', 'npy,svg', '--out', out]).status).toBe(0);
    expect(readdirSync(join(out, 'export')).some((f) => f.endsWith('.npy'))).toBe(true);
    expect(runCli(['run', ...TINY, '--export', 'csv', '--out', out]).status).toBe(0);
    const files = readdirSync(join(out, 'export'));
    expect(files.filter((f) => f.endsWith('.npy'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'figures'))).toBe(false);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('clears what a killed run left: temporary files, and a lock whose process is gone', () => {
    const out = tempDir('leftovers');
    writeFileSync(join(out, '.results.json.999999.tmp'), '{"half": ');
    writeFileSync(join(out, '.ntk-dynamics.lock'), '999999\n'); // no such process
    const p = runCli(['run', ...TINY, '--out', out]);
    expect(p.status, p.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'results.json']);
  });
});
