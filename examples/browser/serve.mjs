// Serves the browser example on http://127.0.0.1:8080/ (offline): this folder's page and worker,
// and the package's ES module as /ntk-dynamics.mjs, found the way Node finds it for an import of
// 'ntk-dynamics' from here (node_modules in your project; in a clone of the repository, the
// package itself, built by npm install).
//   node examples/browser/serve.mjs [port]     (default 8080; 0 picks a free one)
// It answers only these four paths, so nothing else on the machine can be read through it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const FILES = {
  '/': [here('index.html'), 'text/html; charset=utf-8'],
  '/index.html': [here('index.html'), 'text/html; charset=utf-8'],
  '/worker.mjs': [here('worker.mjs'), 'text/javascript; charset=utf-8'],
  '/ntk-dynamics.mjs': [fileURLToPath(import.meta.resolve('ntk-dynamics')), 'text/javascript; charset=utf-8'],
};

/** Starts the server on 127.0.0.1:port and resolves to it once it listens. */
export function serveExample(port = 8080) {
  const server = createServer(async (req, res) => {
    const entry = FILES[(req.url ?? '').split('?')[0]];
    if (req.method !== 'GET' || !entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      res.writeHead(200, { 'content-type': entry[1], 'cache-control': 'no-store' }).end(await readFile(entry[0]));
    } catch {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`cannot read ${entry[0]} (is the package built?)\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serveExample(process.argv[2] === undefined ? 8080 : Number(process.argv[2]));
  console.log(`ntk-dynamics browser example: http://127.0.0.1:${server.address().port}/  (Ctrl-C to stop)`);
}
