// The test suite runs twice: in Node (with relaxed SIMD enabled, so both backends are tested) and
// in headless Chromium through vitest's browser mode, driving Debian's /usr/bin/chromium (no
// browser download is possible on the machines this project is built on).
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** test/browser-commands.ts, loaded in the Node process through Vite (so TypeScript works as is). */
function nodeSide(ctx: { project: { import<T>(id: string): Promise<T> } }) {
  return ctx.project.import<typeof import('./test/browser-commands')>('./test/browser-commands.ts');
}

export default defineConfig({
  test: {
    projects: [
      {
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
      },
      {
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
                executablePath: chromiumPath,
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
      },
    ],
  },
});
