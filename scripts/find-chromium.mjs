// Finds a Chromium (or Chrome) for the browser tests: CHROMIUM_PATH when set, else the usual
// executables on PATH and in /usr/bin. No browser is ever downloaded. vitest.config.ts runs the
// Chromium project only when one is found, and the Node tests that drive a browser (the demo, the
// browser example) skip the same way; with NTK_REQUIRE_BROWSER=1 (set by .ci/run) a missing
// browser is an error instead.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Executable names tried on PATH, in order. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** How to get a browser, for the one line that says the browser tests were skipped. */
export const INSTALL_HINT = 'install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to its executable';

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The browser to use: `{ path }` when found, else `{ reason }` saying what was looked for. A
 * CHROMIUM_PATH that is set is the only candidate (a wrong one is reported, not worked around).
 */
export function findChromium(env = process.env, fallbackDirs = ['/usr/bin']) {
  const wanted = env.CHROMIUM_PATH;
  if (wanted !== undefined && wanted !== '') {
    if (isAbsolute(wanted) && isExecutable(wanted)) return { path: wanted };
    return { reason: `CHROMIUM_PATH=${wanted} is not an executable file${isAbsolute(wanted) ? '' : ' (it must be an absolute path)'}` };
  }
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...fallbackDirs];
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (isExecutable(file)) return { path: file };
    }
  }
  return { reason: `no ${CHROMIUM_NAMES.join(', ')} on PATH${fallbackDirs.length ? ` or in ${fallbackDirs.join(', ')}` : ''}, and CHROMIUM_PATH is not set` };
}

/** True when NTK_REQUIRE_BROWSER asks that a missing browser fail the tests. */
export function browserRequired(env = process.env) {
  return env.NTK_REQUIRE_BROWSER !== undefined && env.NTK_REQUIRE_BROWSER !== '' && env.NTK_REQUIRE_BROWSER !== '0';
}

/** The one line printed when the browser tests are skipped, or the error when they are required. */
export function missingBrowserMessage(reason) {
  return `no Chromium found (${reason}): the browser tests (vitest project 'chromium', the demo and browser-example pages) are skipped; ${INSTALL_HINT}`;
}
