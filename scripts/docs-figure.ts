// Renders one figure of the report from a results.json, as the report renders it, standalone
// (as `ntk-dynamics run --export svg` writes it to figures/): the README's figure
// docs/nag-epoch-loglog.svg is made this way.
//
//   node --import tsx scripts/docs-figure.ts <results.json> [figure] [out.svg]
//
// figure: loss, ode, nag-loglog (default), spectrum, weight-drift, kernel-drift, width-sweep.
// out: default docs/nag-epoch-loglog.svg. The README's figure came from
//   ntk-dynamics run --preset nag-epoch --steps 200 --out <dir>
// (docs/figures-data/nag-epoch-200.results.json keeps that run's results.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseExact } from '../src/cli/files';
import { standaloneSvg } from '../src/cli/export';
import { reportFigures } from '../src/experiment/report';
import type { ExperimentResult } from '../src/experiment/results';

/** The SVG file's text of `figure` of the experiment in `resultsText`. */
export function figureSvg(resultsText: string, figure: string): string {
  const result = parseExact(resultsText) as ExperimentResult;
  const figures = reportFigures(result);
  const found = figures.find((f) => f.name === figure);
  if (!found) throw new Error(`this results.json has no figure '${figure}' (it has: ${figures.map((f) => f.name).join(', ') || 'none'})`);
  return `${standaloneSvg(found.svg)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, figure = 'nag-loglog', out = fileURLToPath(new URL('../docs/nag-epoch-loglog.svg', import.meta.url))] = process.argv.slice(2);
  if (!input) {
    console.error('usage: node --import tsx scripts/docs-figure.ts <results.json> [figure] [out.svg]');
    process.exit(2);
  }
  writeFileSync(out, figureSvg(readFileSync(input, 'utf8'), figure));
  console.log(`wrote ${out}`);
}
