// scripts/docs-figure.ts renders a figure of the report from a results.json: the same SVG as the
// report's (and as --export svg writes), and the README's figure from the results it was made of.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli, tempDir, TINY } from '../helpers/cli';
import { figureSvg } from '../../scripts/docs-figure';

describe('scripts/docs-figure.ts', () => {
  it('renders the same SVG from results.json as the run wrote to figures/', () => {
    const out = tempDir('docs-figure');
    expect(runCli(['run', ...TINY, '--export', 'svg', '--out', out]).status).toBe(0);
    const text = readFileSync(join(out, 'results.json'), 'utf8');
    expect(figureSvg(text, 'nag-loglog')).toBe(readFileSync(join(out, 'figures', 'nag-loglog.svg'), 'utf8'));
    expect(() => figureSvg(text, 'width-sweep')).toThrow("this results.json has no figure 'width-sweep' (it has: loss, ode, nag-loglog, test-loss, width-gap, spectrum, weight-drift, kernel-drift)");
    const target = join(tempDir('docs-figure-out'), 'figure.svg');
    const s = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'docs-figure.ts'), join(out, 'results.json'), 'spectrum', target], { cwd: root, encoding: 'utf8' });
    expect(s.status, s.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(join(out, 'figures', 'spectrum.svg'), 'utf8'));
  });

  it("the README's figure is its rendering of the committed results of that run", () => {
    const data = join(root, 'docs', 'figures-data', 'nag-epoch-200.results.json');
    expect(figureSvg(readFileSync(data, 'utf8'), 'nag-loglog')).toBe(readFileSync(join(root, 'docs', 'nag-epoch-loglog.svg'), 'utf8'));
  });
});
