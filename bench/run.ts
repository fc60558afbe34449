// `npm run bench` (and `ntk-dynamics bench` in a clone of the repository): installs the baselines
// on first use (bench/baselines.ts), then runs the suites (bench/suites.ts), prints each table, and
// saves bench/results/<suite>.json.
//   npm run bench                          every suite
//   npm run bench -- --suite eigh          one suite (gemm, eigh, nn, dynamics, threads)
//   npm run bench -- --sizes 128,512       chosen sizes only (gemm, eigh; nn has fixed shapes)
import { ensureBaselines } from './baselines';

ensureBaselines();
// Imported only now: the suites import the baselines at their top level.
await import('./suites');
