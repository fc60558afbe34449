// The demo server (scripts/serve-demo.mjs): it must survive any request a web page can make it
// send (malformed escapes, odd methods), never serve a file outside its root however the path is
// encoded, isolate every response (COOP/COEP), and reject a bad port argument in one line.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper without types
import { serveDemo } from '../../scripts/serve-demo.mjs';

const script = fileURLToPath(new URL('../../scripts/serve-demo.mjs', import.meta.url));
const SECRET = 'the secret outside the served folder';
const PAGE = '<!doctype html><title>demo</title>';

let dir: string;
let root: string;
let server: Server;
let port: number;

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One request with the target sent exactly as given (no normalisation of . or ..). */
function ask(target: string, method = 'GET', to = port): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to, method, path: target }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // root/            the served folder: index.html, main.js, sub/index.html, and a link out
  // secret.txt       beside it, never to be served
  dir = mkdtempSync(join(tmpdir(), 'serve-demo-'));
  root = join(dir, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'index.html'), PAGE);
  writeFileSync(join(root, 'main.js'), 'export {};\n');
  writeFileSync(join(root, 'sub', 'index.html'), PAGE);
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  server = await serveDemo(0, root);
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('serveDemo', () => {
  it('listens on 127.0.0.1 only', () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('serves the page and its scripts with their types, cross-origin isolated', async () => {
    for (const [target, type] of [['/', 'text/html'], ['/index.html', 'text/html'], ['/main.js', 'text/javascript'], ['/sub/', 'text/html'], ['/index.html?x=1', 'text/html']]) {
      const r = await ask(target);
      expect(r.status, target).toBe(200);
      expect(r.headers['content-type']).toContain(type);
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
    expect((await ask('/')).body).toBe(PAGE);
  });

  it('isolates error responses too', async () => {
    for (const [target, method, status] of [['/missing.js', 'GET', 404], ['/%', 'GET', 400], ['/', 'POST', 405]] as const) {
      const r = await ask(target, method);
      expect(r.status).toBe(status);
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
  });

  it('answers malformed percent-escapes with 400 and keeps serving', async () => {
    for (const target of ['/%', '/%zz', '/%E0%A4%A', '/%c0%af', '/..%c0%afsecret.txt', '/index.html%', '/%00', '/a%00b']) {
      expect((await ask(target)).status, target).toBe(400);
    }
    expect((await ask('/')).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await ask('/index.html');
    const head = await ask('/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const missing = await ask('/missing.js', 'HEAD');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('');
  });

  it('answers other methods with 405 and an Allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await ask('/index.html', method);
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
    expect((await ask('/')).status).toBe(200);
  });

  it('refuses every path traversal with 403 or 404 and never serves a file outside its folder', async () => {
    const targets = [
      '/../secret.txt', '/../../secret.txt', '/sub/../../secret.txt', '/index.html/../../secret.txt',
      '/..%2fsecret.txt', '/..%2Fsecret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/.%2e/secret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt', '/sub/%2e%2e/%2e%2e/secret.txt', '/./../secret.txt',
      '/..\\secret.txt', '/..%5csecret.txt', '/..%5Csecret.txt', '/%5c..%5csecret.txt', '/sub\\..\\..\\secret.txt',
      '/%252e%252e/secret.txt', '/%252e%252e%252fsecret.txt', '/..%252fsecret.txt', '/%25%32%65%25%32%65/secret.txt',
      `/${join(dir, 'secret.txt')}`, `//${join(dir, 'secret.txt')}`, `/%2f${encodeURIComponent(join(dir, 'secret.txt'))}`,
      `/${encodeURIComponent(join(dir, 'secret.txt'))}`, '//etc/passwd', '/etc/passwd', '/file:///etc/passwd',
      'http://127.0.0.1/../secret.txt', 'http://127.0.0.1/%2e%2e/secret.txt',
      '/.../secret.txt', '/link.txt', '/sub/../link.txt',
    ];
    for (const target of targets) {
      const r = await ask(target);
      expect([403, 404], `${target} → ${r.status}`).toContain(r.status);
      expect(r.body).not.toContain(SECRET);
    }
    expect((await ask('/')).status).toBe(200);
  });

  it('serves build/demo by default and refuses the package files beside it', async () => {
    const own = await serveDemo(0);
    try {
      const ownPort = (own.address() as AddressInfo).port;
      for (const target of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/package.json', '/..%5c..%5cpackage.json', '/%252e%252e/%252e%252e/package.json', '/../../package.json', '/../../scripts/serve-demo.mjs']) {
        const r = await ask(target, 'GET', ownPort);
        expect([403, 404], target).toContain(r.status);
        expect(r.body).not.toContain('ntk-dynamics');
      }
    } finally {
      await new Promise((resolve) => own.close(resolve));
    }
  });

  it('rejects a port outside 0…65535', () => {
    for (const p of [-1, 65536, 1.5, Number.NaN]) expect(() => serveDemo(p, root)).toThrow(RangeError);
  });
});

/** Runs `node scripts/serve-demo.mjs …args` until it exits or prints its first line. */
function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`serve-demo ${args.join(' ')} neither exited nor printed within 10 s`));
    }, 10_000);
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      // A server that started: its first line is all we need; stop it.
      if (stdout.includes('\n')) child.kill();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('node scripts/serve-demo.mjs [port]', () => {
  it('rejects a non-numeric or out-of-range port in one line with exit code 2', async () => {
    for (const args of [['abc'], ['-1'], ['65536'], ['99999'], ['1.5'], [''], ['80x'], ['0x10'], ['1e3'], ['80', '81']]) {
      const r = await runScript(args);
      expect(r.code, JSON.stringify(args)).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), JSON.stringify(args)).toHaveLength(1);
      expect(r.stderr).toMatch(/^serve-demo: the port must be an integer from 0 to 65535/);
    }
  }, 60_000);

  it('starts on port 0 (a free one) and prints its URL on 127.0.0.1', async () => {
    const r = await runScript(['0']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ntk-dynamics demo: http:\/\/127\.0\.0\.1:\d+\//);
  });
});
