// The browser demo end to end: the built page served on localhost, driven in Debian's Chromium by
// Playwright: set the parameters, Run, wait for the curves and the table, compare the numbers with
// the library in Node for the same seed, then Stop a long run. A screenshot is saved to
// test-artifacts/demo.png (not committed).
import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwoLayerReLU, gd, heavyBall, nesterov, ready, sphereData, train } from '../../src/index';
// @ts-expect-error: a plain .mjs helper without types
import { serveDemo } from '../../scripts/serve-demo.mjs';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
let server: Server;
let browser: Browser;
let page: Page;
let url: string;

beforeAll(async () => {
  server = await serveDemo(0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-backend]', { timeout: 30_000 });
  expect(errors).toEqual([]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function setField(name: string, value: string): Promise<void> {
  await page.fill(`input[name="${name}"]`, value);
}

describe('the demo page', () => {
  it('trains GD, HB and NAG in a worker and shows the same numbers as the library in Node', async () => {
    for (const [k, v] of [['n', '20'], ['dim', '3'], ['width', '512'], ['steps', '200'], ['lr', '0.05'], ['momentum', '0.9'], ['damping', '3'], ['seed', '7']]) await setField(k, v);
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    const rows = await page.$$eval('#results tbody tr', (trs) => trs.map((tr) => ({ optimizer: (tr as HTMLElement).dataset.optimizer, loss: Number((tr as HTMLElement).dataset.finalLoss), status: tr.children[1].textContent })));
    expect(rows.map((r) => r.optimizer)).toEqual(['gd', 'hb', 'nag']);
    const lambda0 = Number(await page.getAttribute('body', 'data-lambda0'));
    expect(lambda0).toBeGreaterThan(0);
    // The same runs in Node.
    await ready({ backend: (await page.getAttribute('body', 'data-backend')) as 'simd' | 'relaxed' });
    const { X, y } = sphereData({ n: 20, d: 3, seed: 7 });
    const net = TwoLayerReLU.init({ inputDim: 3, width: 512, seed: 7 });
    for (const [i, optimizer] of [gd({ lr: 0.05 }), heavyBall({ lr: 0.05, momentum: 0.9 }), nesterov({ lr: 0.05, damping: 3 })].entries()) {
      const result = await train(net.clone(), X, y, { optimizer, steps: 200 });
      const expected = result.loss[result.loss.length - 1];
      expect(rows[i].status).toBe('completed');
      expect(Math.abs(rows[i].loss - expected) / expected).toBeLessThan(1e-9);
    }
    // The curves were drawn: the loss canvas is not blank.
    const inked = await page.$eval('#loss', (c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      const data = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(5000);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}demo.png`, fullPage: true });
  }, 120_000);

  it('Stop ends a long run cleanly, without freezing the page', async () => {
    await setField('steps', '100000');
    await setField('width', '4096');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('training'), undefined, { timeout: 30_000 });
    await page.waitForTimeout(500);
    // the page still answers while the worker trains
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.click('#stop');
    await page.waitForSelector('body[data-state="stopped"]', { timeout: 30_000 });
    const status = await page.$eval('#results tbody tr', (tr) => tr.children[1].textContent);
    expect(status).toBe('aborted');
  }, 60_000);
});

describe('the demo with a drawn target', () => {
  it('fits the drawn 1-D curve (default 0.8·sin 2πx, edited by a drag) and overlays the fits', async () => {
    await page.click('#reset');
    await page.selectOption('select[name="data"]', 'drawn');
    expect(await page.isVisible('#draw')).toBe(true);
    // draw a stroke across the middle (y = 0 for x around the centre)
    const box = (await page.locator('#draw').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 20 });
    await page.mouse.up();
    for (const [k, v] of [['n', '16'], ['width', '1024'], ['steps', '300'], ['seed', '3']]) await setField(k, v);
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    const losses = await page.$$eval('#results tbody tr', (trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.finalLoss)));
    expect(losses).toHaveLength(3);
    for (const loss of losses) expect(loss).toBeLessThan(1);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}demo-drawn.png`, fullPage: true });
  }, 90_000);
});
