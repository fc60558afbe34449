// Serves the built demo (build/demo) on 127.0.0.1 only, offline: `npm run demo`, then open the URL.
//   node scripts/serve-demo.mjs [port]      (default 5173; 0 picks a free one)
//
// Any web page the user visits can send requests here (an <img src> needs no permission), so the
// handler must survive every request line: malformed percent-escapes get 400, methods other than
// GET and HEAD get 405, and no path, however encoded, reaches a file outside build/demo. Every
// response is cross-origin isolated (COOP + COEP), which SharedArrayBuffer and Wasm threads need.
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../build/demo/', import.meta.url));
const DEFAULT_PORT = 5173;
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'x-content-type-options': 'nosniff',
};

/**
 * The file under `root` that a request target names, or an HTTP status for why there is none:
 * 400 for a path whose percent-escapes do not decode (or decode to a NUL); 404 for a target that
 * is not a plain path (absolute URLs, `//host/…`), for a path with a `.` or `..` segment or a
 * backslash after decoding once (never twice), and for whatever resolves outside root.
 */
export function fileFor(root, target) {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return { status: 404 };
  const rawPath = target.split(/[?#]/, 1)[0];
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  const segments = path.split('/').slice(1);
  if (path.includes('\\') || segments.some((s) => s === '..' || s === '.')) return { status: 404 };
  const file = resolve(root, '.' + (path.endsWith('/') ? path + 'index.html' : path));
  const inside = relative(root, file);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return { status: 404 };
  return { file };
}

function send(req, res, status, headers, body) {
  res.writeHead(status, { ...ISOLATION, 'cache-control': 'no-store', 'content-length': body.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Starts the server on 127.0.0.1:port (0: any free port) and resolves to the listening server. */
export function serveDemo(port = DEFAULT_PORT, root = ROOT) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`serveDemo: port must be an integer from 0 to 65535 (got ${port})`);
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('method not allowed\n'));
        return;
      }
      const found = fileFor(base, req.url);
      if (found.status) {
        send(req, res, found.status, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from(found.status === 400 ? 'bad request\n' : 'not found\n'));
        return;
      }
      // A symbolic link inside build/demo must not lead out of it either.
      const real = await realpath(found.file).catch(() => undefined);
      const realRoot = await realpath(base).catch(() => base);
      if (!real || !(real + sep).startsWith(realRoot + sep) || !(await stat(real)).isFile()) {
        send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('not found (run npm run build first)\n'));
        return;
      }
      const body = await readFile(real);
      send(req, res, 200, { 'content-type': TYPES[extname(real)] ?? 'application/octet-stream' }, body);
    } catch {
      if (!res.headersSent) res.writeHead(500, ISOLATION);
      res.end();
    }
  });
  // A malformed request line never reaches the handler: answer it here, and keep serving.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise(server);
    });
  });
}

/** The port a command-line argument names, or undefined when it is not an integer in 0…65535. */
export function parsePort(arg) {
  if (arg === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(arg)) return undefined;
  const port = Number(arg);
  return port <= 65535 ? port : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const port = args.length > 1 ? undefined : parsePort(args[0]);
  if (port === undefined) {
    console.error(`serve-demo: the port must be an integer from 0 to 65535 (got ${args.map((a) => JSON.stringify(a)).join(' ')}); usage: node scripts/serve-demo.mjs [port]`);
    process.exit(2);
  }
  try {
    const server = await serveDemo(port);
    console.log(`ntk-dynamics demo: http://127.0.0.1:${server.address().port}/  (Ctrl-C to stop)`);
  } catch (error) {
    console.error(`serve-demo: cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`);
    process.exit(1);
  }
}
