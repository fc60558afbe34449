// Calls that misbehave on purpose, one per kind of failure, so that the harness's self-check
// (harness-self-check.node.test.ts) can show that the watchdog, the canary, the leak and input
// checks and the oracle each catch what they are there to catch. The fuzz never generates them.

import { runtime } from '../../../src/runtime/runtime';
import { longLivedNetwork } from '../canary';
import type { CallTable } from './types';

export const SELF_CHECK_CALLS: CallTable = {
  'selfCheck:spin': { run: () => { for (;;) { /* never returns */ } } },
  'selfCheck:neverSettles': { run: () => new Promise(() => undefined) },
  'selfCheck:exitThread': { run: () => process.exit(3) },
  'selfCheck:corruptLongLivedWeights': {
    run: () => {
      const net = longLivedNetwork();
      if (!net) throw new Error('no long-lived network in this worker');
      net.state.W.view()[0] += 1; // as a stray write into Wasm memory would
      return 0;
    },
  },
  'selfCheck:leakBlock': { run: () => runtime().arena.alloc(64) },
  'selfCheck:writeThenRefuse': {
    run: ([array]) => {
      (array as Float64Array)[0] = 42;
      throw new RangeError('selfCheck: refused after writing its input');
    },
  },
  'selfCheck:engineError': { run: () => (undefined as unknown as { x: number }).x },
  'selfCheck:typedError': { run: () => { throw new RangeError('selfCheck: refused'); } },
  'selfCheck:plainError': { run: () => { throw new Error('selfCheck: refused with a plain Error'); } },
  'selfCheck:wrongAnswer': { run: () => NaN, check: (_a, r) => (Number.isNaN(r) ? 'NaN where a number was due' : undefined) },
  'selfCheck:rightAnswer': { run: () => 1, check: (_a, r) => (r === 1 ? undefined : 'not 1') },
};
