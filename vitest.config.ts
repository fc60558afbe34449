// The test suite runs twice: in Node (with relaxed SIMD enabled, so both backends are tested) and
// in headless Chromium through vitest's browser mode, driving a Chromium already on the machine
// (scripts/find-chromium.mjs: CHROMIUM_PATH, else chromium, chromium-browser, google-chrome… on
// PATH; no browser is ever downloaded). Without one, the Chromium project is left out with one
// line that says so, unless NTK_REQUIRE_BROWSER=1 (.ci/run sets it) makes that an error.
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
// @ts-expect-error: a plain .mjs helper without types
import { browserRequired, findChromium, missingBrowserMessage } from './scripts/find-chromium.mjs';

const chromium: { path?: string; reason?: string } = findChromium();
/** `vitest run --project chromium` (npm run test:browser) asks for the browser tests by name. */
const askedForChromium = process.argv.some((arg, i) => arg === '--project=chromium' || (arg === '--project' && process.argv[i + 1] === 'chromium'));
if (!chromium.path) {
  if (browserRequired() || askedForChromium) {
    const why = askedForChromium ? 'the chromium project was asked for' : 'NTK_REQUIRE_BROWSER is set';
    console.error(`error: ${why} and ${missingBrowserMessage(chromium.reason).replace(' are skipped', ' cannot run')}`);
    process.exit(1);
  }
  console.warn(`note: ${missingBrowserMessage(chromium.reason)}`);
}

/** test/browser-commands.ts, loaded in the Node process through Vite (so TypeScript works as is). */
function nodeSide(ctx: { project: { import<T>(id: string): Promise<T> } }) {
  return ctx.project.import<typeof import('./test/browser-commands')>('./test/browser-commands.ts');
}

const nodeProject: TestProjectInlineConfiguration = {
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 60_000,
    // adds up the fuzz suite's counts into test-artifacts/fuzz-summary.json and prints them
    globalSetup: ['test/fuzz/summary-setup.ts'],
  },
};

const chromiumProject = (executablePath: string): TestProjectInlineConfiguration => ({
  // Cross-origin isolation, so that the tests' Web Workers get SharedArrayBuffer and the thread
  // pool (test/runtime/threads.browser.test.ts).
  server: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  test: {
    name: 'chromium',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.node.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
      // Run in the Node process, loaded through Vite so the TypeScript sources work as is.
      commands: {
        nodeMatmulBits: async (ctx, spec) => (await nodeSide(ctx)).nodeMatmulBits(spec),
        nodeEighBits: async (ctx, n, seed) => (await nodeSide(ctx)).nodeEighBits(n, seed),
        nodeNetworkBits: async (ctx, seed) => (await nodeSide(ctx)).nodeNetworkBits(seed),
      },
    },
  },
});

export default defineConfig({
  test: {
    projects: chromium.path ? [nodeProject, chromiumProject(chromium.path)] : [nodeProject],
  },
});
