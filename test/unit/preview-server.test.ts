import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/report.js';
import { CLIENT_PATH, CLIENT_SCRIPT, EVENTS_PATH } from '../../src/preview/client.js';
import { contentType, injectClient, overlayProblems, resolveServedPath, sseMessage, startServer, type PreviewServer, type PreviewState } from '../../src/preview/server.js';
import { createRebuildQueue, type Timers } from '../../src/preview/watch.js';
import { testdir } from '../helpers/project.js';

describe('resolveServedPath', () => {
  const root = path.resolve('/srv/build');

  it('maps request paths inside the served folder, ignoring the query', () => {
    expect(resolveServedPath(root, '/')).toBe(root);
    expect(resolveServedPath(root, '/forum/w1/w1.en.html?x=1#top')).toBe(path.join(root, 'forum/w1/w1.en.html'));
    expect(resolveServedPath(root, '/a%20b.html')).toBe(path.join(root, 'a b.html'));
  });

  it('refuses every way out of the folder, plain or encoded', () => {
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/%2E%2E/package.json', '/..%2fpackage.json', '/forum/../../package.json', '/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      expect([url, resolveServedPath(root, url)]).toEqual([url, undefined]);
    }
  });

  it('refuses malformed encodings, NUL bytes and paths that are not absolute', () => {
    expect(resolveServedPath(root, '/%E0%A4%A')).toBeUndefined();
    expect(resolveServedPath(root, '/index.html%00.png')).toBeUndefined();
    expect(resolveServedPath(root, 'index.html')).toBeUndefined();
    expect(resolveServedPath(root, 'http://example.org/index.html')).toBeUndefined();
  });
});

describe('contentType', () => {
  it('names the type of every kind of file a build writes', () => {
    expect(['a.html', 'B.HTML', 'manifest.json', 'w1.en.pdf', 'pack.zip', 'logo.png', 'photo.jpeg', 'x.svg', 'client.js', 'print.css', 'unknown.bin', 'noext'].map(contentType)).toEqual([
      'text/html; charset=utf-8',
      'text/html; charset=utf-8',
      'application/json; charset=utf-8',
      'application/pdf',
      'application/zip',
      'image/png',
      'image/jpeg',
      'image/svg+xml',
      'text/javascript; charset=utf-8',
      'text/css; charset=utf-8',
      'application/octet-stream',
      'application/octet-stream',
    ]);
  });
});

describe('injectClient', () => {
  it('adds the external client script before the end of the head', () => {
    expect(injectClient('<html><head><title>t</title></head><body>x</body></html>', 'ab.3')).toBe(
      `<html><head><title>t</title><script src="${CLIENT_PATH}" data-version="ab.3" defer></script>\n</head><body>x</body></html>`,
    );
  });

  it('falls back to the end of the body, then the end of the text, and escapes the version', () => {
    expect(injectClient('<p>x</p></BODY>', '1')).toBe(`<p>x</p><script src="${CLIENT_PATH}" data-version="1" defer></script>\n</BODY>`);
    expect(injectClient('<p>x</p>', 'a"<b')).toBe(`<p>x</p>\n<script src="${CLIENT_PATH}" data-version="a&quot;&lt;b" defer></script>\n`);
  });
});

describe('overlayProblems and sseMessage', () => {
  const error: Diagnostic = { file: 'notes/f/w1.md', line: 3, column: 7, endLine: 3, endColumn: 9, severity: 'error', ruleId: 'yaml-syntax', message: 'Unexpected <b> "x"' };
  const warning: Diagnostic = { file: 'notes/f/w2.md', line: null, column: null, endLine: null, endColumn: null, severity: 'warning', ruleId: 'some-rule', message: 'Careful.' };

  it('lists every problem when there is an error, none when there are only warnings', () => {
    expect(overlayProblems([error, warning])).toEqual([
      { where: 'notes/f/w1.md:3:7', severity: 'error', message: 'Unexpected <b> "x"', ruleId: 'yaml-syntax' },
      { where: 'notes/f/w2.md', severity: 'warning', message: 'Careful.', ruleId: 'some-rule' },
    ]);
    expect(overlayProblems([warning])).toEqual([]);
    expect(overlayProblems([])).toEqual([]);
  });

  it('shows a failed build as one problem', () => {
    expect(overlayProblems([warning], 'The build failed: Parse error on line 3')).toEqual([{ where: '', severity: 'error', message: 'The build failed: Parse error on line 3', ruleId: '' }]);
  });

  it('sends the state as one data line', () => {
    expect(sseMessage({ version: 'v.1', problems: [] })).toBe('data: {"version":"v.1","problems":[]}\n\n');
  });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET: node:http sends the path as written (fetch would normalise the dots away). */
function get(port: number, rawPath: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the preview server (on a socket)', () => {
  let server: PreviewServer;
  let served: string | undefined;
  let state: PreviewState = { version: 's.1', problems: [] };
  const page = '<!DOCTYPE html><html><head><title>W1</title></head><body><p>Hello</p></body></html>';

  beforeAll(async () => {
    // The served folder sits next to a package.json that a traversal would reach.
    const dir = await testdir({
      'package.json': '{"secret":true}',
      'build/index.html': page,
      'build/forum/index.html': '<html><head></head><body>forum</body></html>',
      'build/forum/w1/manifest.json': '{"files":[]}',
      'build/forum/w1/w1.en.pdf': '%PDF-1.7 fake',
    });
    served = path.join(dir, 'build');
    server = await startServer({ host: '127.0.0.1', port: 0, root: () => served, state: () => state });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 at the port it got', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('answers 404 to traversal, plain or encoded, and never shows the file', async () => {
    for (const raw of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/forum/../../package.json']) {
      const reply = await get(server.port, raw);
      expect([raw, reply.status, reply.body.includes('secret')]).toEqual([raw, 404, false]);
    }
  });

  it('injects the client into HTML only, with the current version', async () => {
    const html = await get(server.port, '/');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['cache-control']).toBe('no-store');
    expect(html.body).toBe(injectClient(page, 's.1'));

    const json = await get(server.port, '/forum/w1/manifest.json');
    expect([json.status, json.headers['content-type'], json.body]).toEqual([200, 'application/json; charset=utf-8', '{"files":[]}']);
    const pdf = await get(server.port, '/forum/w1/w1.en.pdf');
    expect([pdf.status, pdf.headers['content-type'], pdf.body]).toEqual([200, 'application/pdf', '%PDF-1.7 fake']);
  });

  it('redirects a folder without its slash and serves its index.html', async () => {
    const redirect = await get(server.port, '/forum?x=1');
    expect([redirect.status, redirect.headers['location']]).toEqual([301, '/forum/?x=1']);
    const index = await get(server.port, '/forum/');
    expect(index.body).toBe(injectClient('<html><head></head><body>forum</body></html>', 's.1'));
  });

  it('serves the client script and a 404 page that loads it too', async () => {
    const client = await get(server.port, CLIENT_PATH);
    expect([client.status, client.headers['content-type'], client.body]).toEqual([200, 'text/javascript; charset=utf-8', CLIENT_SCRIPT]);
    const missing = await get(server.port, '/forum/w9/w9.en.html');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('There is no /forum/w9/w9.en.html in the built output.');
    expect(missing.body).toContain(`<script src="${CLIENT_PATH}" data-version="s.1" defer></script>`);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(server.port, '/', 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', String(Buffer.byteLength(injectClient(page, 's.1')))]);
    const post = await get(server.port, '/', 'POST');
    expect([post.status, post.headers['allow']]).toEqual([405, 'GET, HEAD']);
  });

  it('sends the state when a page connects and again on publish', async () => {
    const chunks: string[] = [];
    const req = request({ host: '127.0.0.1', port: server.port, path: EVENTS_PATH });
    const opened = new Promise<Record<string, string | string[] | undefined>>((resolve) => {
      req.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => chunks.push(chunk));
        resolve(res.headers);
      });
    });
    req.end();
    const headers = await opened;
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await vi.waitFor(() => expect(chunks.join('')).toBe('retry: 1000\n\ndata: {"version":"s.1","problems":[]}\n\n'), { timeout: 5000 });
    state = { version: 's.1', problems: [{ where: 'a.md:1:1', severity: 'error', message: 'm', ruleId: 'r' }] };
    server.publish();
    await vi.waitFor(() => expect(chunks.join('')).toContain('data: {"version":"s.1","problems":[{"where":"a.md:1:1","severity":"error","message":"m","ruleId":"r"}]}\n\n'), { timeout: 5000 });
    req.destroy();
    state = { version: 's.1', problems: [] };
  });

  it('serves a placeholder page before anything was built', async () => {
    const before = served;
    served = undefined;
    const reply = await get(server.port, '/');
    served = before;
    expect(reply.status).toBe(404);
    expect(reply.body).toContain('Nothing has been built yet: see the terminal for the build and its problems.');
  });
});

describe('createRebuildQueue', () => {
  /** Hand-driven timers: `tick()` fires the one pending timer. */
  function manualTimers(): Timers & { tick(): void; pending(): number } {
    let next: { callback: () => void; handle: number } | undefined;
    let handles = 0;
    return {
      setTimeout: (callback) => {
        next = { callback, handle: ++handles };
        return next.handle;
      },
      clearTimeout: (handle) => {
        if (next?.handle === handle) next = undefined;
      },
      tick() {
        const fire = next;
        next = undefined;
        fire?.callback();
      },
      pending: () => (next ? 1 : 0),
    };
  }

  it('debounces changes into one build', async () => {
    const timers = manualTimers();
    let builds = 0;
    const queue = createRebuildQueue(async () => void builds++, 100, timers);
    queue.schedule();
    queue.schedule();
    queue.schedule();
    expect(timers.pending()).toBe(1);
    timers.tick();
    await queue.idle();
    expect(builds).toBe(1);
  });

  it('never runs two builds at once and queues exactly one more for changes during a build', async () => {
    const timers = manualTimers();
    let active = 0;
    let most = 0;
    let builds = 0;
    const release: (() => void)[] = [];
    const queue = createRebuildQueue(
      () =>
        new Promise<void>((resolve) => {
          active++;
          builds++;
          most = Math.max(most, active);
          release.push(() => {
            active--;
            resolve();
          });
        }),
      100,
      timers,
    );
    queue.schedule();
    timers.tick();
    expect(builds).toBe(1);
    // Three changes while the first build runs: no timer, no second build yet.
    queue.schedule();
    queue.schedule();
    queue.schedule();
    expect([timers.pending(), builds]).toEqual([0, 1]);
    release.shift()?.();
    await vi.waitFor(() => expect(timers.pending()).toBe(1));
    timers.tick();
    expect(builds).toBe(2);
    release.shift()?.();
    await queue.idle();
    expect([builds, most, timers.pending()]).toEqual([2, 1, 0]);
  });

  it('keeps going after a build that rejects, and close() waits for the running build', async () => {
    const timers = manualTimers();
    const calls: string[] = [];
    let finish: () => void = () => undefined;
    let first = true;
    const queue = createRebuildQueue(
      () => {
        if (first) {
          first = false;
          calls.push('fails');
          return Promise.reject(new Error('boom'));
        }
        calls.push('runs');
        return new Promise<void>((resolve) => (finish = resolve));
      },
      100,
      timers,
    );
    queue.schedule();
    timers.tick();
    await queue.idle();
    queue.schedule();
    timers.tick();
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    queue.schedule();
    await Promise.resolve();
    expect([closed, timers.pending()]).toEqual([false, 0]);
    finish();
    await closing;
    expect(calls).toEqual(['fails', 'runs']);
  });
});

describe('isOwnHost and folderLocation', () => {
  it('accepts localhost, the host it was started with and the address the connection came in on, at its port only', async () => {
    const { isOwnHost } = await import('../../src/preview/server.js');
    const own = { host: '127.0.0.1', port: 4321, localAddress: '127.0.0.1' };
    expect(['127.0.0.1:4321', 'localhost:4321', 'LocalHost:4321'].map((h) => isOwnHost(h, own))).toEqual([true, true, true]);
    expect([undefined, '', 'evil.example', '127.0.0.1.evil.example:4321', 'localhost:4322', '127.0.0.1', '[::1]:4321', 'localhost:4321:1'].map((h) => isOwnHost(h, own))).toEqual(Array(8).fill(false));
    expect(isOwnHost('[::1]:4321', { host: '::1', port: 4321, localAddress: '::1' })).toBe(true);
    expect(isOwnHost('127.0.0.1:4321', { host: '0.0.0.0', port: 4321, localAddress: '::ffff:127.0.0.1' })).toBe(true);
  });

  it('redirects a folder to its own path on this server, never to another host', async () => {
    const { folderLocation } = await import('../../src/preview/server.js');
    const root = path.resolve('/srv/build');
    expect(folderLocation(root, path.join(root, 'forum'), '//evil.example/../forum?x=1#y')).toBe('/forum/?x=1');
    expect(folderLocation(root, root, '/.')).toBe('/');
    expect(folderLocation(root, path.join(root, 'a b', '\\x'), '/a%20b/%5Cx')).toBe('/a%20b/%5Cx/');
  });
});
