// `npm run bench`: runs every suite, prints its table, and saves bench/results/<suite>.json.
// Node must run with --experimental-wasm-relaxed-simd (the npm script passes it) so that both
// backends are measured in the same run.
//   npm run bench                  all suites
//   npm run bench -- --sizes 128,512   GEMM at chosen sizes only
import { supportsBackend } from '../src/runtime/runtime';
import { GEMM_SIZES, gemmBench, gemmTable } from './gemm.bench';
import { machine, save, table } from './harness';

function parseSizes(argv: string[]): number[] {
  const i = argv.indexOf('--sizes');
  if (i < 0) return GEMM_SIZES;
  const sizes = (argv[i + 1] ?? '').split(',').map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error('bench: --sizes takes a comma-separated list of positive integers, e.g. --sizes 128,512');
    process.exit(2);
  }
  return sizes;
}

async function main(): Promise<void> {
  if (!supportsBackend('relaxed')) {
    console.error('bench: this Node does not accept relaxed SIMD; run it with --experimental-wasm-relaxed-simd (npm run bench does)');
    process.exit(2);
  }
  const m = machine();
  console.log(`ntk-dynamics benchmarks — ${m.cpu}, ${m.cores} cores, Node ${m.node}; single thread; medians\n`);
  console.log('matmul (C ← A·B, square, float64):');
  const rows = await gemmBench(parseSizes(process.argv.slice(2)), console.log);
  const { header, body } = gemmTable(rows);
  console.log('\n' + table(header, body));
  const file = save('gemm', { description: 'matmul GFLOP/s (2n³ flops / median time), square n×n float64', table: { header, body }, rows });
  console.log(`\nsaved ${file}`);
}

await main();
