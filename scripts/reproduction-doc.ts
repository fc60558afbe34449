// Writes docs/reproduction.md, with one SVG per figure, from the authors' experiments as
// scripts/reproduce.mjs ran them (docs/reproduction/<preset>/results.json), beside the numbers the
// authors printed in their notebook (Bu, Xu & Chen; ShiyunXu/NTK_Optimizer,
// simulation_HB_NAG_GD.ipynb, as transcribed in docs/theory.md §10.3–10.4).
//
//   npm run reproduction:doc            (or: node --import tsx scripts/reproduction-doc.ts [dir])
//
// A preset that has not finished is listed as such, with what its checkpoint holds; nothing here
// is a number the runs did not produce.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linePlot, PALETTE, type Series } from '../src/report/plot';
import { minus, sci } from '../src/report/notation';
import type { ExperimentResult } from '../src/experiment/experiment';

const root = fileURLToPath(new URL('..', import.meta.url));
const base = process.argv[2] ?? join(root, 'docs', 'reproduction');
const docPath = join(base, '..', 'reproduction.md');

// ---------------------------------------------------------------- the authors' printed numbers
// Loss at epoch e, i.e. after e − 1 steps (PyTorch float32 on a GPU, torch seed 218).
const EPOCHS = [100, 200, 500, 1000, 2000, 3000, 4000, 5000];
const AUTHORS_EPOCH: Record<string, Record<string, number[]>> = {
  'nag-epoch': {
    GD: [2.2235, 1.6855, 0.97937, 0.55518, 0.26070, 0.14878, 0.093287, 0.062028],
    'NAG ρ=2': [0.73418, 0.13559, 4.155e-3, 3.015e-4, 2.838e-5, 8.359e-6, 3.013e-6, 1.517e-6],
    'NAG ρ=3': [0.68040, 0.11464, 1.536e-3, 4.601e-5, 2.560e-6, 4.972e-7, 1.287e-7, 5.475e-8],
    'NAG ρ=6': [0.75643, 0.15197, 1.623e-3, 6.338e-6, 3.902e-8, 2.666e-9, 5.439e-10, 9.339e-11],
    'NAG ρ=8': [0.88588, 0.21192, 3.242e-3, 1.971e-5, 1.077e-8, 2.146e-10, 3.072e-11, 2.888e-12],
  },
  'two-momentum': {
    GD: [2.2235, 1.6855, 0.97937, 0.55518, 0.26070, 0.14878, 0.093287, 0.062028],
    'β₁=0.2, β₂=0.2': [1.8374, 1.3383, 0.74750, 0.41096, 0.18284, 0.09940, 0.05967, 0.03811],
    'β₁=0.2, β₂=0.5': [1.7523, 1.2064, 0.61941, 0.31022, 0.12097, 0.05929, 0.03253, 0.01918],
  },
  'hb-epoch': {
    GD: [2.2235, 1.6855, 0.97937, 0.55518, 0.26070, 0.14878, 0.093287, 0.062028],
  },
};
// Heavy ball's local slopes of log L per epoch, as the notebook printed them: over steps 990–999
// for β = 0.2, over steps 90–99 for β = 0.5 and 0.8.
const AUTHORS_HB_SLOPES: { name: string; from: number; to: number; slope: number }[] = [
  { name: 'HB β=0.2', from: 990, to: 999, slope: -7.57e-4 },
  { name: 'HB β=0.5', from: 90, to: 99, slope: -2.08e-3 },
  { name: 'HB β=0.8', from: 90, to: 99, slope: -2.38e-3 },
];
// Loss after 200 epochs against the width.
const AUTHORS_WIDTH: Record<string, { widths: number[]; seeds: string; runs: Record<string, number[]> }> = {
  'hb-width': {
    widths: [2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000],
    seeds: 'one seed (218)',
    runs: {
      GD: [2.1950, 2.1045, 2.0404, 1.9851, 1.8997, 1.8242, 1.8059, 1.7469, 1.7487, 1.7496, 1.8362, 1.9426, 2.1391],
      'HB β=0.6': [1.6007, 1.4851, 1.4388, 1.4316, 1.3469, 1.2600, 1.2935, 1.2843, 1.3705, 1.4430, 1.4340, 1.3768, 1.9378],
      'HB β=0.9': [0.9002, 0.8479, 0.8071, 0.7498, 0.7840, 0.7630, 0.9057, 0.9075, 0.9562, 0.9567, 1.0716, 1.0952, 1.4941],
    },
  },
  'nag-width': {
    widths: [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000],
    seeds: 'the mean of 10 unrecorded seeds',
    runs: {
      'NAG ρ=2': [0.1632, 0.0846, 0.0855, 0.1340, 0.1979, 0.3479, 0.4768, 0.6071],
      'NAG ρ=4': [0.2982, 0.1803, 0.1614, 0.1994, 0.1898, 0.2816, 0.3864, 0.5018],
      'NAG ρ=10': [0.6749, 0.4707, 0.4160, 0.6073, 0.3609, 0.3918, 0.5049, 0.6584],
    },
  },
};
const AUTHORS_NAG_SLOPES: Record<string, number> = { 'NAG ρ=2': -3.29, 'NAG ρ=3': -4.18, 'NAG ρ=6': -6.91, 'NAG ρ=8': -9.78 };

const PRESETS: { name: string; title: string; kind: 'epoch' | 'width'; logX?: boolean }[] = [
  { name: 'hb-epoch', title: 'Heavy ball against epochs', kind: 'epoch' },
  { name: 'nag-epoch', title: 'Nesterov (NAG-C) against epochs, log–log', kind: 'epoch', logX: true },
  { name: 'two-momentum', title: 'Two momentum terms against epochs', kind: 'epoch' },
  { name: 'hb-width', title: 'Heavy ball against the width', kind: 'width' },
  { name: 'nag-width', title: 'Nesterov (NAG-C) against the width', kind: 'width' },
];

// ---------------------------------------------------------------- helpers
type Run = ExperimentResult['runs'][number];

/** Our loss after k steps, from the record (which holds every 10th step of a 5000-step run). */
function lossAt(run: Run, k: number): number | undefined {
  const i = run.training.steps.indexOf(k);
  return i < 0 ? undefined : run.training.loss[i];
}

const fmt = (x: number | undefined) => sci(x, 3);
const ratio = (ours: number | undefined, theirs: number) => (ours === undefined ? '–' : (ours / theirs).toFixed(2));
const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min` : s >= 60 ? `${Math.round(s / 60)} min` : `${s} s`;
};

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, j) => (j === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Wall time of a preset: timing.json from reproduce.mjs when there is one, else the run's own clock. */
function wallTime(dir: string, r: ExperimentResult): string {
  const timing = join(dir, 'timing.json');
  if (existsSync(timing)) {
    // A sitting whose length was not recorded (seconds null: it ended with the machine) is named, not guessed.
    const t = JSON.parse(readFileSync(timing, 'utf8')) as { invocations: { seconds: number | null; resumed: boolean }[] };
    const known = t.invocations.filter((x) => x.seconds !== null);
    const unknown = t.invocations.length - known.length;
    const total = known.reduce((a, b) => a + (b.seconds as number), 0) * 1000;
    const parts = t.invocations.length;
    return `${duration(total)}${unknown ? ` + ${unknown} sitting${unknown > 1 ? 's' : ''} not timed` : ''}${parts > 1 ? ` in ${parts} sittings (resumed from checkpoints)` : ''}`;
  }
  return duration(r.elapsedMs);
}

/** The notes timing.json keeps on its sittings (what ran them, pauses), as a list; none: nothing. */
function sittingNotes(dir: string): string[] {
  const timing = join(dir, 'timing.json');
  if (!existsSync(timing)) return [];
  const t = JSON.parse(readFileSync(timing, 'utf8')) as { invocations: { startedAt: string; note?: string }[] };
  const notes = t.invocations.map((x, i) => (x.note ? `- Sitting ${i + 1} (from ${x.startedAt.slice(0, 16).replace('T', ' ')} UTC): ${x.note}` : '')).filter(Boolean);
  return notes.length ? [...notes, ''] : [];
}

// ---------------------------------------------------------------- per preset
function epochSection(p: (typeof PRESETS)[number], r: ExperimentResult, dir: string): string[] {
  const out: string[] = [];
  const theirs = AUTHORS_EPOCH[p.name] ?? {};
  const series: Series[] = [];
  r.runs.forEach((run, i) => {
    const color = PALETTE[i % PALETTE.length];
    // plotted against the epoch e = k + 1, the authors' axis (their epoch e shows the loss after e − 1 steps)
    series.push({ label: `${run.name} (ours)`, x: run.training.steps.map((k) => k + 1), y: run.training.loss, color });
    if (theirs[run.name]) series.push({ label: `${run.name} (authors)`, x: EPOCHS, y: theirs[run.name], color, markers: true, hollow: true });
  });
  const svgName = `${p.name}.svg`;
  writeFileSync(join(dir, svgName), linePlot(series, {
    title: p.title, xLabel: 'epoch', yLabel: 'mean loss', xScale: p.logX ? 'log' : 'linear', yScale: 'log', width: 720, height: 440,
  }));
  out.push(`![${p.title}](reproduction/${p.name}/${svgName})`, '');
  out.push('Lines: our runs; rings: the losses the authors printed. Their epoch e shows the loss after e − 1 steps; ours is drawn at e = k + 1 for the same reason.', '');

  const printed = r.runs.filter((run) => theirs[run.name]);
  if (printed.length) {
    const header = ['run', ...EPOCHS.map((e) => `e = ${e}`)];
    const rows: string[][] = [];
    for (const run of printed) {
      rows.push([`${run.name}, ours`, ...EPOCHS.map((e) => fmt(lossAt(run, e)))]);
      rows.push([`${run.name}, authors`, ...theirs[run.name].map((v) => fmt(v))]);
      rows.push([`ours / authors`, ...EPOCHS.map((e, j) => ratio(lossAt(run, e), theirs[run.name][j]))]);
    }
    out.push('Mean loss, ours after k = e steps (our record holds every 10th step), the authors\' at epoch e (after e − 1 steps):', '', table(header, rows), '');
  }
  return out;
}

function widthSection(p: (typeof PRESETS)[number], r: ExperimentResult, dir: string): string[] {
  const s = r.sweep!;
  const theirs = AUTHORS_WIDTH[p.name];
  const series: Series[] = [];
  s.runs.forEach((run, i) => {
    const color = PALETTE[i % PALETTE.length];
    series.push({ label: `${run.name} (ours)`, x: s.widths, y: run.loss, color });
    if (theirs?.runs[run.name]) series.push({ label: `${run.name} (authors)`, x: theirs.widths, y: theirs.runs[run.name], color, markers: true, hollow: true });
  });
  const svgName = `${p.name}.svg`;
  writeFileSync(join(dir, svgName), linePlot(series, {
    title: `${p.title}: loss after ${r.config.steps} steps`, xLabel: 'width m', yLabel: 'mean loss', yScale: 'log', width: 720, height: 440,
  }));
  const out = [`![${p.title}](reproduction/${p.name}/${svgName})`, ''];
  out.push(`Lines: ours (${s.seeds > 1 ? `the mean of ${s.seeds} network seeds` : 'one network seed'}); rings: the authors' (${theirs?.seeds ?? '–'}).`, '');
  const header = ['run', ...s.widths.map(String), 'argmin'];
  const rows: string[][] = [];
  const argmin = (widths: number[], loss: number[]) => widths[loss.indexOf(Math.min(...loss.filter(Number.isFinite)))];
  for (const run of s.runs) {
    rows.push([`${run.name}, ours`, ...run.loss.map((v) => fmt(v)), String(argmin(s.widths, run.loss))]);
    const t = theirs?.runs[run.name];
    if (t) rows.push([`${run.name}, authors`, ...s.widths.map((w) => fmt(t[theirs.widths.indexOf(w)])), String(argmin(theirs.widths, t))]);
  }
  out.push(`Mean loss after ${r.config.steps} steps at each width, and the width with the smallest loss:`, '', table(header, rows), '');
  return out;
}

/** Sentences computed from the runs: orderings, slopes, the first steps. */
function findings(p: (typeof PRESETS)[number], r: ExperimentResult): string[] {
  const out: string[] = [];
  if (p.kind === 'epoch') {
    const last = r.config.steps;
    const jumps = r.runs.map((run) => {
      const early = run.training.loss.slice(0, run.training.steps.findIndex((k) => k > 50) + 1);
      const top = Math.max(...early);
      return { name: run.name, start: run.training.loss[0], top, at: run.training.steps[early.indexOf(top)] };
    }).filter((j) => j.top > j.start * 1.05);
    if (jumps.length) out.push(`- **The first steps.** The loss rises before it falls: ${jumps.map((j) => `${j.name} from ${fmt(j.start)} to ${fmt(j.top)} at step ${j.at}`).join('; ')} (the authors' figures show the same rise).`);
    const final = r.runs.map((run) => ({ name: run.name, loss: lossAt(run, last) ?? run.training.loss[run.training.loss.length - 1] }));
    const ordered = [...final].sort((a, b) => a.loss - b.loss);
    out.push(`- **Order at step ${last}.** ${ordered.map((f) => `${f.name} ${fmt(f.loss)}`).join(' < ')}.`);
  }
  if (p.name === 'nag-epoch') {
    const rows = r.runs.filter((run) => AUTHORS_NAG_SLOPES[run.name] !== undefined).map((run) => {
      const a = lossAt(run, 1000), b = lossAt(run, 5000);
      const ours = a && b ? Math.log(b / a) / Math.log(5) : NaN;
      return [run.name, Number.isFinite(ours) ? minus(ours.toFixed(2)) : '–', minus(AUTHORS_NAG_SLOPES[run.name].toFixed(2)), minus(String(-Number(run.name.split('=')[1])))];
    });
    out.push('- **Late slopes on log–log axes**, log L against log e from epoch 1000 to 5000:', '', table(['run', 'ours', 'authors', 'ODE envelope −ρ'], rows), '');
  }
  if (p.name === 'hb-epoch') {
    const rows = AUTHORS_HB_SLOPES.map((s) => {
      const run = r.runs.find((x) => x.name === s.name);
      // our record holds every 10th step: the slope over the 10 steps ending at the authors' last + 1
      const a = run && lossAt(run, s.from), b = run && lossAt(run, s.to + 1);
      const ours = a && b ? Math.log(b / a) / (s.to + 1 - s.from) : NaN;
      return [s.name, `${s.from}–${s.to + 1}`, Number.isFinite(ours) ? sci(ours, 3) : '–', `${s.from}–${s.to}`, sci(s.slope, 3)];
    });
    out.push('- **Local slopes of log L per epoch** (the authors printed these rather than the curves):', '', table(['run', 'ours over steps', 'ours', 'authors over steps', 'authors'], rows), '');
  }
  if (p.kind === 'width' && r.sweep) {
    // where each curve bottoms out, ours beside the authors', and how far apart the two are
    const s = r.sweep;
    const theirs = AUTHORS_WIDTH[p.name];
    const argmin = (widths: number[], loss: number[]) => widths[loss.indexOf(Math.min(...loss.filter(Number.isFinite)))];
    const rows = s.runs.map((run) => {
      const t = theirs?.runs[run.name];
      const ratios = t ? s.widths.map((w, i) => run.loss[i] / t[theirs.widths.indexOf(w)]).filter(Number.isFinite) : [];
      return [run.name, String(argmin(s.widths, run.loss)), t ? String(argmin(theirs.widths, t)) : '–',
        ratios.length ? `${Math.min(...ratios).toFixed(2)} … ${Math.max(...ratios).toFixed(2)}` : '–'];
    });
    out.push('- **The best width** (the argmin of each curve) and our loss over the authors\' at the same widths:', '', table(['run', 'argmin, ours', 'argmin, authors', 'ours / authors'], rows), '');
  }
  if (p.name === 'two-momentum') {
    const names = ['β₁=0.2, β₂=0.5', 'β₁=0.2, β₂=0.2', 'HB β=0.2', 'GD'];
    const runs = names.map((n) => r.runs.find((x) => x.name === n));
    if (runs.every(Boolean)) {
      const steps = runs[0]!.training.steps.filter((k) => k >= 100);
      const holds = steps.filter((k) => runs.every((run, i) => i === 0 || (lossAt(runs[i - 1]!, k)! < lossAt(run!, k)!))).length;
      out.push(`- **Ordering** (0.2, 0.5) < (0.2, 0.2) < HB β = 0.2 < GD, the authors' order throughout: it holds at ${holds} of our ${steps.length} recorded steps from k = 100 on.`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- the document
const lines: string[] = [
  '# The authors\' experiments, reproduced',
  '',
  '<!-- Generated by scripts/reproduction-doc.ts from docs/reproduction/*/results.json: edit the script, not this file. -->',
  '',
  'Bu, Xu & Chen ran five experiments on MNIST for their paper (AISTATS 2021); the code and its saved',
  'outputs are the notebook `simulation_HB_NAG_GD.ipynb` in the GitHub repository',
  'ShiyunXu/NTK_Optimizer, the source of every "authors" number below. `ntk-dynamics` has one',
  'preset per experiment (the theory guide, §10, lists their settings), and `node scripts/reproduce.mjs`',
  'runs all five at the authors\' full length, resumably, into `docs/reproduction/<preset>/`',
  '(`results.json`, `report.html`, and the command in `command.txt`). This page is generated from',
  'those files by `npm run reproduction:doc`.',
  '',
  'Setting, as theirs: the first 600 digits, 784 raw pixels in [0, 1], the digit as a real target;',
  'the standard parameterization with a bias, both layers trained; the mean squared loss; one',
  'full-batch step per epoch. What differs is listed at the end.',
  '',
];
const status: string[][] = [];
const bodies: string[] = [];
for (const p of PRESETS) {
  const dir = join(base, p.name);
  const resultsFile = join(dir, 'results.json');
  // An epoch preset whose training runs all reached the last step is drawn even if the run was
  // stopped afterwards (in the width panel, which is not part of the authors' experiment).
  const trained = (() => {
    if (p.kind !== 'epoch' || !existsSync(resultsFile)) return false;
    const r = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExperimentResult;
    return r.runs.length === r.config.runs.length && r.runs.every((run) => run.training.steps[run.training.steps.length - 1] === r.config.steps);
  })();
  const running = existsSync(join(dir, 'checkpoint.json')) && !trained;
  const command = existsSync(join(dir, 'command.txt')) ? readFileSync(join(dir, 'command.txt'), 'utf8').trim() : `ntk-dynamics run --preset ${p.name}`;
  if (!existsSync(resultsFile) || running) {
    const state = running ? JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { runs?: unknown[]; sweepLoss?: number[][][] } : undefined;
    const done = state ? (state.runs?.length ? `${state.runs.length} run(s) finished` : state.sweepLoss ? `${state.sweepLoss.flat().flat().length} training(s) finished` : 'the first run under way') : 'not started';
    status.push([p.name, running ? `running: ${done} (checkpoint of ${statSync(join(dir, 'checkpoint.json')).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : 'not run yet', '–', `\`${command}\``]);
    bodies.push(`## ${p.title} (\`${p.name}\`)`, '', `Not finished yet: ${running ? `the run is under way (${done}); \`node scripts/reproduce.mjs ${p.name}\` continues it from its checkpoint` : `\`node scripts/reproduce.mjs ${p.name}\` runs it`}.`, '');
    continue;
  }
  const r = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExperimentResult;
  const steps = r.config.steps;
  const full = p.kind === 'epoch' ? steps === 5000 : steps === 200;
  const state = r.status === 'aborted' && trained ? 'every training run complete; stopped in the width panel' : r.status;
  status.push([p.name, `${state}${full ? ', full length' : `, shortened to ${steps} steps`}`, wallTime(dir, r), `\`${command}\``]);
  bodies.push(`## ${p.title} (\`${p.name}\`)`, '');
  bodies.push(`${r.config.description} ${steps} epochs${r.sweep ? `, widths ${r.sweep.widths[0]} … ${r.sweep.widths[r.sweep.widths.length - 1]}` : `, m = ${r.config.width}`}; ran \`${command}\` (version ${r.version}, Wasm backend ${r.backend}) in ${wallTime(dir, r)}.`, '');
  bodies.push(...sittingNotes(dir));
  bodies.push(...(p.kind === 'epoch' ? epochSection(p, r, dir) : widthSection(p, r, dir)));
  const f = findings(p, r);
  if (f.length) bodies.push(...f, '');
}
lines.push('| preset | status | wall time | command |', '|---|---|---|---|', ...status.map((s) => `| ${s.join(' | ')} |`), '');
lines.push('Wall times are on this project\'s 2-core machine with both cores used by the kernels\' threads, while the machine also did other work.', '');
lines.push(...bodies);
lines.push(readFileSync(join(root, 'scripts', 'reproduction-differences.md'), 'utf8').trim(), '');
writeFileSync(docPath, `${lines.join('\n')}\n`);
console.log(`wrote ${docPath}`);
