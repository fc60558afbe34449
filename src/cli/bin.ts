// Entry point of the `ntk-dynamics` bin (dist/cli.mjs), and of the experiment's worker thread,
// which the command starts from this same file (session.ts).
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './main';
import { experimentWorker, type WorkerInput } from './worker';

if (isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`ntk-dynamics: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
} else if ((workerData as WorkerInput | undefined)?.role === 'ntk-dynamics-experiment') {
  void experimentWorker(workerData as WorkerInput);
}
