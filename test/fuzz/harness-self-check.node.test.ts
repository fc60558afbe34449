// The fuzz harness checked on calls that misbehave on purpose (calls/self-check.ts): each kind of
// failure must be seen as that kind, and the worker replaced when its state cannot be trusted.
// Without this, a watchdog or a canary that never fires would look exactly like a clean library.

import { afterAll, describe, expect, it } from 'vitest';
import { verdictOf, type VerdictKind } from './oracle';
import type { FuzzCase } from './protocol';
import { Sandbox } from './sandbox';

const sandbox = new Sandbox('ready', 500);
afterAll(() => sandbox.close());

function selfCheck(call: string, expect: FuzzCase['expect'], args: FuzzCase['args'] = []): FuzzCase {
  return { call: `selfCheck:${call}`, args, expect, tags: [] };
}

async function verdict(c: FuzzCase): Promise<VerdictKind> {
  return verdictOf(c, await sandbox.run(c)).kind;
}

describe('the fuzz harness catches each kind of failure', () => {
  const cases: [string, FuzzCase, VerdictKind][] = [
    ['a synchronous call that never returns', selfCheck('spin', 'result'), 'hang'],
    ['a promise that never settles', selfCheck('neverSettles', 'result'), 'hang'],
    ['a worker that dies', selfCheck('exitThread', 'result'), 'crash'],
    ['a stray write into a long-lived network', selfCheck('corruptLongLivedWeights', 'result'), 'corruption'],
    ['a block of Wasm memory never given back', selfCheck('leakBlock', 'result'), 'leak'],
    ['an input written before a refusal', selfCheck('writeThenRefuse', 'error', [{ k: 'f64', values: [1, 2] }]), 'mutated-input'],
    ["an engine error instead of the library's", selfCheck('engineError', 'error'), 'foreign-error'],
    ['a plain Error instead of a typed one', selfCheck('plainError', 'error'), 'untyped-error'],
    ['a wrong answer to valid input', selfCheck('wrongAnswer', 'result'), 'wrong-result'],
    ['an answer to invalid input', selfCheck('rightAnswer', 'error'), 'silent-acceptance'],
    ['a typed refusal of valid input', selfCheck('typedError', 'result'), 'rejected-valid'],
    ['a typed refusal of invalid input', selfCheck('typedError', 'error'), 'typed-error'],
    ['a right answer to valid input', selfCheck('rightAnswer', 'result'), 'correct'],
  ];
  it.each(cases)('%s', async (_name, c, kind) => {
    expect(await verdict(c)).toBe(kind);
  });

  it('a fresh worker after a hang, a crash or a corruption answers normally', async () => {
    expect(await verdict(selfCheck('spin', 'result'))).toBe('hang');
    expect(await verdict(selfCheck('rightAnswer', 'result'))).toBe('correct');
    expect(await verdict(selfCheck('corruptLongLivedWeights', 'result'))).toBe('corruption');
    expect(await verdict(selfCheck('rightAnswer', 'result'))).toBe('correct');
    expect(sandbox.workersStarted).toBeGreaterThan(1);
  });
});
