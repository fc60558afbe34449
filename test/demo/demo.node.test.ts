// The browser demo end to end: the built page served on localhost, driven in Debian's Chromium by
// Playwright. Runs GD, HB and NAG and compares the numbers with the library in Node for the same
// seed; checks what the page shows after Stop, after an unstable learning rate, after Reset and
// for bad form input; and checks its layout at 1280 and 420 px. Screenshots go to
// test-artifacts/ (not committed).
import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TwoLayerReLU, eigh, gd, heavyBall, nesterov, predictResidual, ready, sphereData, train, type Optimizer } from '../../src/index';
// @ts-expect-error: a plain .mjs helper without types
import { serveDemo } from '../../scripts/serve-demo.mjs';
// @ts-expect-error: a plain .mjs helper without types
import { findChromium } from '../../scripts/find-chromium.mjs';

/** The browser that drives the page; without one these tests skip (vitest.config.ts says so once). */
const chromiumPath: string | undefined = findChromium().path;

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const DEFAULTS: Record<string, string> = { n: '50', dim: '5', width: '2048', steps: '1000', lr: '0.05', momentum: '0.9', damping: '3', seed: '1' };
/** How the page writes a loss: four significant digits in e-notation. */
const LOSS_FORMAT = /^\d\.\d{3}e-?\d+$/;

let server: Server;
let browser: Browser;
let page: Page;
let url: string;
const pageErrors: string[] = [];

async function openPage(width: number, height: number): Promise<Page> {
  const p = await browser.newPage({ viewport: { width, height } });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(url);
  await p.waitForSelector('body[data-backend]', { timeout: 30_000 });
  return p;
}

beforeAll(async () => {
  if (!chromiumPath) return;
  server = await serveDemo(0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = await openPage(1280, 1000);
  // The Node side uses the backend the page uses, so that the numbers can agree to rounding.
  await ready({ backend: (await page.getAttribute('body', 'data-backend')) as 'simd' | 'relaxed' });
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
});

async function setFields(on: Page, fields: Record<string, string>): Promise<void> {
  for (const [k, v] of Object.entries(fields)) await on.fill(`input[name="${k}"]`, v);
}

interface Row { optimizer: string; cells: string[]; finalLoss: number; maxStableLr: number }

function rows(on: Page): Promise<Row[]> {
  return on.$$eval('#results tbody tr', (trs) => trs.map((tr) => ({
    optimizer: (tr as HTMLElement).dataset.optimizer!,
    cells: Array.from(tr.children, (td) => td.textContent ?? ''),
    finalLoss: Number((tr as HTMLElement).dataset.finalLoss),
    maxStableLr: Number((tr as HTMLElement).dataset.maxStableLr),
  })));
}

/** What the loss chart shows: its series and the ranges of its axes. */
async function lossChart(on: Page): Promise<{ series: string[]; xMax: number; yMin: number; yMax: number }> {
  const d = await on.$eval('#loss', (e) => ({ ...(e as HTMLElement).dataset }));
  return { series: d.series ? d.series.split('|') : [], xMax: Number(d.xMax), yMin: Number(d.yMin), yMax: Number(d.yMax) };
}

async function run(on: Page, until = 'done'): Promise<void> {
  await on.click('#run');
  await on.waitForSelector(`body[data-state="${until}"]`, { timeout: 60_000 });
}

/** The sphere data and initial network the page builds for these settings, and its starting loss. */
function problem(n: number, d: number, width: number, seed: number) {
  const { X, y } = sphereData({ n, d, seed });
  const net = TwoLayerReLU.init({ inputDim: d, width, seed });
  const r0 = Float64Array.from(net.predict(X), (u, i) => u - y[i]);
  return { X, y, net, r0, initialLoss: 0.5 * r0.reduce((s, r) => s + r * r, 0) };
}

const optimizers = (lr: number): Optimizer[] => [gd({ lr }), heavyBall({ lr, momentum: 0.9 }), nesterov({ lr, damping: 3 })];

describe.skipIf(!chromiumPath)('the demo page', () => {
  it('is cross-origin isolated (COOP + COEP from the server)', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  it('trains GD, HB and NAG in a worker and shows the same numbers as the library in Node', async () => {
    await setFields(page, { n: '20', dim: '3', width: '512', steps: '200', lr: '0.05', momentum: '0.9', damping: '3', seed: '7' });
    await run(page);
    const table = await rows(page);
    expect(table.map((r) => r.optimizer)).toEqual(['gd', 'hb', 'nag']);
    expect(Number(await page.getAttribute('body', 'data-lambda0'))).toBeGreaterThan(0);
    const { X, y, net, r0 } = problem(20, 3, 512, 7);
    const basisH0 = eigh(net.empiricalNtk(X));
    for (const [i, optimizer] of optimizers(0.05).entries()) {
      const result = await train(net.clone(), X, y, { optimizer, steps: 200 });
      const expected = result.loss[result.loss.length - 1];
      expect(table[i].cells[1]).toBe('completed');
      expect(table[i].cells[2]).toBe('200');
      expect(Math.abs(table[i].finalLoss - expected) / expected).toBeLessThan(1e-9);
      // the stability limit shown is the library's, from λ_max of H(0)
      const limit = predictResidual(basisH0, r0, { optimizer, mode: 'discrete', steps: 0 }).maxStableLearningRate;
      expect(Math.abs(table[i].maxStableLr - limit) / limit).toBeLessThan(1e-9);
      // one format for every loss column
      for (const cell of table[i].cells.slice(3, 6)) expect(cell).toMatch(LOSS_FORMAT);
    }
    const chart = await lossChart(page);
    expect(chart.series).toEqual(['GD network', 'GD linearized', 'GD ode', 'HB network', 'HB linearized', 'HB ode', 'NAG network', 'NAG linearized', 'NAG ode']);
    expect(chart.xMax).toBe(200);
    // The curves were drawn: the chart's canvas is not blank.
    const inked = await page.$eval('#loss canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return count;
    });
    expect(inked).toBeGreaterThan(5000);
    await page.screenshot({ path: `${artifacts}demo.png`, fullPage: true });
  }, 120_000);

  it('says which optimizers diverged and the largest stable step, without NaN or Infinity, on an unstable η', async () => {
    await setFields(page, { n: '20', dim: '3', width: '512', steps: '300', lr: '5', seed: '7' });
    await run(page, 'diverged');
    const { X, y, net, initialLoss } = problem(20, 3, 512, 7);
    const table = await rows(page);
    const text = await page.textContent('#status');
    for (const [i, optimizer] of optimizers(5).entries()) {
      const result = await train(net.clone(), X, y, { optimizer, steps: 300 });
      expect(result.status).toBe('diverged');
      expect(table[i].cells[1]).toBe('diverged');
      expect(Number(table[i].cells[2])).toBe(result.stepsRun);
      expect(table[i].cells.slice(4, 6)).toEqual(['unstable', 'unstable']);
      expect(Math.abs(table[i].maxStableLr - result.maxStableLearningRate!) / result.maxStableLearningRate!).toBeLessThan(1e-9);
      expect(text).toContain(`${Number(result.maxStableLearningRate!.toPrecision(3))} for ${['GD', 'HB', 'NAG'][i]}`);
    }
    expect(text).toMatch(/^GD, HB and NAG diverged: η = 5 is above the largest stable step/);
    expect(text).not.toMatch(/Done/);
    expect(await page.innerText('body')).not.toMatch(/NaN|Infinity/);
    // Only the networks are drawn (an unstable linearized model has no curve), on sane axes: from
    // the start to the last step taken, and no decade beyond the largest loss drawn.
    const chart = await lossChart(page);
    expect(chart.series).toEqual(['GD network', 'HB network', 'NAG network']);
    expect(chart.xMax).toBe(Math.max(...table.map((r) => Number(r.cells[2]))));
    expect(chart.yMin).toBeGreaterThanOrEqual(initialLoss / 10);
    expect(chart.yMax).toBeLessThanOrEqual(10 * Math.max(...table.map((r) => r.finalLoss)));
    expect(await page.textContent('#loss-note')).toContain('Predictions not drawn for GD, HB and NAG');
    await page.screenshot({ path: `${artifacts}demo-unstable.png`, fullPage: true });
  }, 120_000);

  it('keeps the log axis above float64 rounding: predictions below 1e-24 of the start are dropped', async () => {
    // HB's linearized loss falls by about 0.95 a step: far below 1e-300 after 20 000 steps.
    await page.uncheck('input[name="gd"]');
    await page.uncheck('input[name="nag"]');
    await setFields(page, { n: '20', dim: '3', width: '512', steps: '20000', lr: '0.5', seed: '7' });
    await run(page);
    const { initialLoss } = problem(20, 3, 512, 7);
    const chart = await lossChart(page);
    expect(chart.series).toEqual(['HB network', 'HB linearized', 'HB ode']);
    expect(chart.xMax).toBe(20_000);
    // the axis ends at the decade below the floor at the lowest
    expect(chart.yMin).toBeGreaterThanOrEqual(1e-24 * initialLoss / 10);
    await page.check('input[name="gd"]');
    await page.check('input[name="nag"]');
  }, 120_000);

  it('Stop ends a long run cleanly and draws only what ran', async () => {
    await setFields(page, { n: '20', dim: '3', width: '4096', steps: '100000', lr: '0.05', seed: '7' });
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('training'), undefined, { timeout: 30_000 });
    await page.waitForTimeout(500);
    // the page still answers while the worker trains
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.click('#stop');
    await page.waitForSelector('body[data-state="stopped"]', { timeout: 30_000 });
    const table = await rows(page);
    expect(table.map((r) => r.cells[1])).toEqual(['aborted', 'not run', 'not run']);
    // steps are written with thin spaces between thousands
    const ranText = table[0].cells[2];
    const ran = Number(ranText.replace(/\u2009/g, ''));
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(100_000);
    expect(await page.textContent('#status')).toMatch(new RegExp(`^Stopped after \\d+\\.\\d s: GD ran ${ranText} of 100\u2009000 steps; HB and NAG did not run\\.$`));
    expect(table[1].cells.slice(2, 6)).toEqual(['0', '–', '–', '–']);
    // GD's curves up to the step it reached; nothing for HB and NAG
    const chart = await lossChart(page);
    expect(chart.series).toEqual(['GD network', 'GD linearized', 'GD ode']);
    expect(chart.xMax).toBe(ran);
    const { initialLoss } = problem(20, 3, 4096, 7);
    expect(chart.yMin).toBeGreaterThanOrEqual(1e-24 * initialLoss / 10);
    expect(await page.innerText('body')).not.toMatch(/NaN|Infinity/);
    expect(await page.isEnabled('#run')).toBe(true);
    expect(await page.isEnabled('#stop')).toBe(false);
    await page.screenshot({ path: `${artifacts}demo-stopped.png`, fullPage: true });
  }, 60_000);

  it('names the form field that is empty or out of range, and starts nothing', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ n: '' }, 'n', 'points n is empty: enter a whole number from 2 to 500.'],
      [{ n: '1' }, 'n', 'points n must be a whole number from 2 to 500 (got 1).'],
      [{ steps: '2.5' }, 'steps', 'steps must be a whole number from 1 to 100000 (got 2.5).'],
      [{ lr: '0' }, 'lr', 'learning rate η must be a number above 0 (got 0).'],
      [{ lr: '' }, 'lr', 'learning rate η is empty: enter a number above 0.'],
      [{ momentum: '1' }, 'momentum', 'momentum β (HB) must be a number with 0 ≤ β < 1 (got 1).'],
      [{ damping: '' }, 'damping', 'damping ρ (NAG) is empty: enter a number from 1 to 20.'],
      [{ seed: '-3' }, 'seed', 'seed must be a whole number from 0 to 4294967295 (got -3).'],
    ];
    await page.click('#reset-button');
    for (const [fields, name, message] of cases) {
      await page.click('#reset-button');
      await setFields(page, fields);
      await page.click('#run');
      expect(await page.getAttribute('body', 'data-state')).toBe('invalid');
      expect(await page.textContent('#status')).toBe(message);
      expect(await page.getAttribute(`input[name="${name}"]`, 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(name);
      expect(await page.$$('#results tbody tr')).toHaveLength(0);
    }
    // typing in the field clears its mark
    await page.fill('input[name="seed"]', '4');
    expect(await page.getAttribute('input[name="seed"]', 'aria-invalid')).toBeNull();
    for (const k of ['gd', 'hb', 'nag']) await page.uncheck(`input[name="${k}"]`);
    await page.click('#run');
    expect(await page.textContent('#status')).toBe('Pick at least one optimizer (GD, HB or NAG).');
    // a field only HB uses does not stop a GD run
    await page.click('#reset-button');
    await page.uncheck('input[name="hb"]');
    await page.uncheck('input[name="nag"]');
    await setFields(page, { momentum: '', n: '10', dim: '2', width: '64', steps: '20' });
    await run(page);
    expect((await rows(page)).map((r) => r.cells[1])).toEqual(['completed']);
  }, 60_000);
});

/** Everything Reset must restore, checked on the page. */
async function expectResetPage(on: Page): Promise<void> {
  expect(await on.getAttribute('body', 'data-state')).toBe('idle');
  expect(await on.textContent('#status')).toMatch(/^Ready \(WebAssembly backend: (simd|relaxed)\)\.$/);
  for (const [name, value] of Object.entries(DEFAULTS)) expect(await on.inputValue(`input[name="${name}"]`), name).toBe(value);
  for (const k of ['gd', 'hb', 'nag']) expect(await on.isChecked(`input[name="${k}"]`)).toBe(true);
  expect(await on.inputValue('select[name="data"]')).toBe('sphere');
  expect(await on.isEnabled('input[name="dim"]')).toBe(true);
  expect(await on.isHidden('#draw-panel')).toBe(true);
  expect(await on.$$('[aria-invalid]')).toHaveLength(0);
  expect(await on.$$('#results tbody tr')).toHaveLength(0);
  expect(await on.isHidden('#results')).toBe(true);
  expect((await lossChart(on)).series).toEqual([]);
  expect(await on.$$('#loss canvas, #spectrum canvas')).toHaveLength(0);
  expect(await on.isVisible('#loss-empty')).toBe(true);
  expect(await on.textContent('#spectrum-sub')).toBe('');
  expect(await on.getAttribute('body', 'data-lambda0')).toBeNull();
  expect(await on.isEnabled('#run')).toBe(true);
  expect(await on.isEnabled('#stop')).toBe(false);
}

describe.skipIf(!chromiumPath)('Reset', () => {
  it('restores the defaults and clears the results, the charts and the status after a run', async () => {
    await page.click('#reset-button');
    await setFields(page, { n: '12', dim: '2', width: '128', steps: '50', lr: '0.1', seed: '9' });
    await page.uncheck('input[name="nag"]');
    await run(page);
    expect(await page.$$('#results tbody tr')).toHaveLength(2);
    await page.click('#reset-button');
    await expectResetPage(page);
    await page.screenshot({ path: `${artifacts}demo-reset.png`, fullPage: true });
  }, 60_000);

  it('also stops a running run, whose late messages change nothing, and the next run starts cleanly', async () => {
    await setFields(page, { n: '20', dim: '3', width: '4096', steps: '100000', seed: '7' });
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('training'), undefined, { timeout: 30_000 });
    await page.click('#reset-button');
    await expectResetPage(page);
    await page.waitForTimeout(1500);
    await expectResetPage(page);
    await setFields(page, { n: '10', dim: '2', width: '64', steps: '30' });
    await run(page);
    expect((await rows(page)).map((r) => r.cells[1])).toEqual(['completed', 'completed', 'completed']);
  }, 60_000);
});

describe.skipIf(!chromiumPath)('the demo with a drawn target', () => {
  it('fits the drawn 1-D curve (default 0.8·sin 2πx, edited by a drag) and overlays the fits', async () => {
    await page.click('#reset-button');
    await page.selectOption('select[name="data"]', 'drawn');
    expect(await page.isVisible('#draw')).toBe(true);
    // draw a stroke across the middle (y = 0 for x around the centre)
    const box = (await page.locator('#draw').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 20 });
    await page.mouse.up();
    await setFields(page, { n: '16', width: '1024', steps: '300', seed: '3' });
    await run(page);
    const table = await rows(page);
    expect(table).toHaveLength(3);
    for (const r of table) expect(r.finalLoss).toBeLessThan(1);
    expect(await page.$$eval('#draw-legend li', (lis) => lis.map((li) => li.textContent))).toEqual(['target', 'training points', 'GD fit', 'HB fit', 'NAG fit']);
    await page.screenshot({ path: `${artifacts}demo-drawn.png`, fullPage: true });
    // Reset brings back the default curve and the default data
    await page.click('#reset-button');
    await expectResetPage(page);
  }, 90_000);
});

describe.skipIf(!chromiumPath)('the layout', () => {
  for (const width of [1280, 420]) {
    it(`at ${width} px: no overflow, legends outside the plots, readable charts, the last x tick inside`, async () => {
      const p = await openPage(width, 900);
      try {
        await setFields(p, { n: '20', dim: '3', width: '512', steps: '300', seed: '7' });
        await run(p);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const layout = await p.evaluate(() => {
          const box = (s: string) => document.querySelector(s)!.getBoundingClientRect().toJSON() as DOMRect;
          return {
            lossPlot: box('#loss .u-over'), lossCanvas: box('#loss canvas'), lossLegend: box('#loss-legend'),
            spectrumPlot: box('#spectrum .u-over'), spectrumLegend: box('#spectrum-legend'),
            spectrumSample: document.querySelector('#spectrum-legend svg')!.getAttribute('data-sample'),
          };
        });
        const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlaps(layout.lossPlot, layout.lossLegend)).toBe(false);
        expect(overlaps(layout.spectrumPlot, layout.spectrumLegend)).toBe(false);
        // a plot area tall and wide enough to read several decades
        expect(layout.lossPlot.height).toBeGreaterThanOrEqual(180);
        expect(layout.lossPlot.width).toBeGreaterThanOrEqual(width < 500 ? 0.72 * width : 500);
        // room right of the plot area for the label of the last x tick, centred on its edge
        expect(layout.lossCanvas.right - layout.lossPlot.right).toBeGreaterThanOrEqual(20);
        // the spectrum is drawn as points, and its legend shows a point, not a line
        expect(layout.spectrumSample).toBe('marker');
        const cells = (await rows(p)).flatMap((r) => r.cells.slice(3, 6));
        for (const cell of cells) expect(cell).toMatch(LOSS_FORMAT);
        await p.screenshot({ path: `${artifacts}demo-${width}.png`, fullPage: true });
      } finally {
        await p.close();
      }
    }, 60_000);
  }
});
