// The examples run as a user runs them (node examples/….mjs, importing 'ntk-dynamics' by name,
// which in the repository resolves to the built dist/), in their quick mode, and print numbers
// that agree with the theory they illustrate. The browser example is opened in Chromium when one
// is found (scripts/find-chromium.mjs), like the other browser tests.
import { execFileSync } from 'node:child_process';
import type { AddressInfo, Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper without types
import { findChromium } from '../../scripts/find-chromium.mjs';
// @ts-expect-error: a plain .mjs example without types
import { serveExample } from '../../examples/browser/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const chromiumPath: string | undefined = findChromium().path;

function runExample(file: string): string {
  return execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', env: { ...process.env, NTK_EXAMPLE_QUICK: '1' } });
}

/** The number after `label` in the example's output. */
function numberAfter(output: string, label: string): number {
  const i = output.indexOf(label);
  expect(i, `"${label}" in\n${output}`).toBeGreaterThanOrEqual(0);
  return Number(/^\s*([-+0-9.e]+)/.exec(output.slice(i + label.length))![1]);
}

describe('examples/train-and-predict.mjs', () => {
  it('prints the network beside its linearization, which agree in the kernel regime', () => {
    const out = runExample('examples/train-and-predict.mjs');
    expect(out).toMatch(/^n = 20, d = 10, m = 2048, η = 0\.3, gradient descent, 100 steps/);
    // m = 2048: the loss gap stays below 1% of the starting loss, the final residuals agree to
    // 0.1% of ‖r(0)‖, while the loss falls by more than four orders of magnitude.
    expect(numberAfter(out, 'relative to loss(0):')).toBeLessThan(1e-2);
    expect(numberAfter(out, '‖(u − y) − r_linearized‖ / ‖r(0)‖ =')).toBeLessThan(1e-3);
    expect(numberAfter(out, 'loss fell by')).toBeGreaterThan(1e4);
    const rows = out.split('\n').filter((line) => /^\s+\d+\s+\d\.\d{4}e[-+]\d+/.test(line));
    expect(rows.map((r) => Number(r.trim().split(/\s+/)[0]))).toEqual([0, 1, 2, 5, 10, 20, 50, 100]);
    for (const row of rows) expect(row.trim().split(/\s+/).slice(1).map(Number).every(Number.isFinite)).toBe(true);
  });
});

describe('examples/mnist.mjs', () => {
  it('loads digits, trains the standard-parameterization network and prints a falling loss', () => {
    const out = runExample('examples/mnist.mjs');
    expect(out).toMatch(/^MNIST: n = 100 digits, d = 784, m = 256, standard parameterization/);
    const losses = out.split('\n').filter((line) => /^\s+\d+\s+\d+\.\d{4}$/.test(line)).map((line) => Number(line.trim().split(/\s+/)[1]));
    expect(losses).toHaveLength(11);
    expect(losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 2);
    expect(out).toMatch(/status: completed/);
  });
});

describe.skipIf(!chromiumPath)('examples/browser', () => {
  it('trains in a Web Worker and shows the network beside its linearization', async () => {
    const server: Server = await serveExample(0);
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForSelector('body[data-state]', { timeout: 60_000 });
      expect(errors).toEqual([]);
      expect(await page.getAttribute('body', 'data-state')).toBe('done');
      const result = JSON.parse((await page.getAttribute('body', 'data-result'))!) as { backend: string; loss: number[]; linearized: number[] };
      expect(result.loss).toHaveLength(201);
      expect(result.linearized).toHaveLength(201);
      const gap = Math.max(...result.loss.map((l, k) => Math.abs(l - result.linearized[k]))) / result.loss[0];
      expect(gap).toBeLessThan(1e-2);
      expect(result.loss[200]).toBeLessThan(result.loss[0] * 1e-4);
      expect(await page.locator('#results tbody tr').count()).toBe(9);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
