// `npm run bench`: runs the suites, prints each table, and saves bench/results/<suite>.json.
// Node must run with --experimental-wasm-relaxed-simd (the npm script passes it) so that both
// backends are measured in the same run as the baselines.
//   npm run bench                          every suite
//   npm run bench -- --suite eigh          one suite (gemm, eigh)
//   npm run bench -- --sizes 128,512       chosen sizes only
import { supportsBackend } from '../src/runtime/runtime';
import { GEMM_SIZES, gemmBench, gemmTable } from './gemm.bench';
import { EIGH_SIZES, eighBench, eighTable } from './eigh.bench';
import { machine, save, table } from './harness';

interface Suite {
  title: string;
  description: string;
  sizes: number[];
  run(sizes: number[]): Promise<{ table: { header: string[]; body: (string | number)[][] }; rows: object[] }>;
}

const SUITES: Record<string, Suite> = {
  gemm: {
    title: 'matmul (C ← A·B, square, float64), GFLOP/s = 2n³ / median time',
    description: 'matmul GFLOP/s (2n³ flops / median time), square n×n float64',
    sizes: GEMM_SIZES,
    async run(sizes) {
      const rows = await gemmBench(sizes, console.log);
      return { table: gemmTable(rows), rows };
    },
  },
  eigh: {
    title: 'eigh / eigvalsh (random symmetric n×n), median milliseconds',
    description: 'symmetric eigendecomposition, median ms; ml-matrix EigenvalueDecomposition as baseline',
    sizes: EIGH_SIZES,
    async run(sizes) {
      const rows = await eighBench(sizes, console.log);
      return { table: eighTable(rows), rows };
    },
  },
};

function argument(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const suiteName = argument(argv, '--suite');
  if (suiteName !== undefined && !(suiteName in SUITES)) fail(`unknown suite '${suiteName}' (known: ${Object.keys(SUITES).join(', ')})`);
  const sizesText = argument(argv, '--sizes');
  const sizes = sizesText?.split(',').map(Number);
  if (sizes && (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1))) {
    fail('--sizes takes a comma-separated list of positive integers, e.g. --sizes 128,512');
  }
  if (!supportsBackend('relaxed')) fail('this Node does not accept relaxed SIMD; run it with --experimental-wasm-relaxed-simd (npm run bench does)');

  const m = machine();
  console.log(`ntk-dynamics benchmarks — ${m.cpu}, ${m.cores} cores, Node ${m.node}; single thread; medians`);
  for (const [name, suite] of Object.entries(SUITES)) {
    if (suiteName !== undefined && name !== suiteName) continue;
    console.log(`\n${suite.title}:`);
    const result = await suite.run(sizes ?? suite.sizes);
    console.log('\n' + table(result.table.header, result.table.body));
    const file = save(name, { description: suite.description, table: result.table, rows: result.rows });
    console.log(`saved ${file}`);
  }
}

await main();
