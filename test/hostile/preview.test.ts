import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type PreviewServer } from '../../src/preview/server.js';
import { PREFIX, startPreview, type BuildReport } from '../../src/preview/session.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';
import { assertInvariants, snapshot, STACK } from './invariants.js';

// The preview server is reachable from every page the user's browser opens. It must never send
// the browser to another host (an open redirect), and must answer only under its own name (a
// DNS-rebinding page, served from evil.example that resolves to 127.0.0.1, would otherwise read
// the drafts). Its watcher never follows links out of the notes folder, and SIGINT or SIGTERM
// always removes its temporary build folders.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function scratch(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), 'notes-hostile-preview-')));
  temps.push(dir);
  return dir;
}

interface Reply {
  status: number;
  location: string | undefined;
  body: string;
}

/** A raw GET (the path as written, any Host header) to 127.0.0.1:port. */
function get(port: number, rawPath: string, host?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, setHost: host === undefined, headers: host === undefined ? {} : { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An HTTP/1.0 request with no Host header at all: its status line. */
function getWithoutHost(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe('the preview server', () => {
  let server: PreviewServer;
  let dir: string;
  const secret = 'DRAFT-SECRET-7f3a';

  afterAll(async () => {
    await server?.close();
  });

  async function serve(): Promise<PreviewServer> {
    if (server) return server;
    dir = await scratch();
    for (const [file, text] of Object.entries({ 'index.html': `<html><head></head><body>${secret}</body></html>`, 'forum/index.html': 'forum', 'evil.example/index.html': 'a collection named evil.example' })) {
      await mkdir(path.dirname(path.join(dir, 'build', file)), { recursive: true });
      await writeFile(path.join(dir, 'build', file), text);
    }
    server = await startServer({ host: '127.0.0.1', port: 0, root: () => path.join(dir, 'build'), state: () => ({ version: 'v', problems: [] }) });
    return server;
  }

  it('never redirects to another host: every Location is one / and a path on this server', async () => {
    const { port } = await serve();
    const own = `127.0.0.1:${port}`;
    // The example, then variants: backslashes, encoded slashes, dots, more slashes.
    const paths = ['//evil.example/../forum', '//evil.example/%2e%2e/forum', '/\\evil.example/../forum', '/\\\\evil.example/../forum', '/%2F%2Fevil.example/../forum', '/%5C%5Cevil.example/..%2Fforum', '/..//evil.example/../forum', '///evil.example/../forum', '//evil.example', '/%2F%2Fevil.example', '/.', '//.', '/forum/..', '/%09/evil.example/../forum'];
    for (const raw of paths) {
      const reply = await get(port, raw);
      expect([raw, reply.body.includes(secret) && reply.status !== 200]).toEqual([raw, false]);
      if (reply.location === undefined) continue;
      expect([raw, reply.status, /^\/(?![/\\])/.test(reply.location)]).toEqual([raw, 301, true]);
      // As a browser reads it: the same host.
      expect([raw, new URL(reply.location, `http://${own}${raw.startsWith('//') ? '/' : raw}`).host]).toEqual([raw, own]);
    }
    expect((await get(port, '//evil.example/../forum')).location).toBe('/forum/');
    expect((await get(port, '/forum?x=1')).location).toBe('/forum/?x=1');
    expect((await get(port, '/.')).location).toBe('/');
  });

  it('answers only under its own name and port (DNS rebinding): 403 otherwise', async () => {
    const { port } = await serve();
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`, `localhost:${port + 1}`, `127.0.0.1:${port + 1}`, `127.0.0.1`, `[::1]:${port}`, `${port}`, '', `127.0.0.1:${port}@evil.example`]) {
      for (const raw of ['/', '/__notes/events', '/__notes/client.js', '/forum/']) {
        const reply = await get(port, raw, host);
        expect([host, raw, reply.status, reply.body.includes(secret)]).toEqual([host, raw, 403, false]);
      }
    }
    expect(await getWithoutHost(port)).toMatch(/^HTTP\/1\.[01] 40[03] /);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const reply = await get(port, '/', host);
      expect([host, reply.status, reply.body.includes(secret)]).toEqual([host, 200, true]);
    }
  });

  it('never serves through a link planted in its output, to a file or a folder outside', async () => {
    const { port } = await serve();
    await writeFile(path.join(dir, 'outside.html'), 'OUTSIDE-7f3a');
    await mkdir(path.join(dir, 'outside-folder'), { recursive: true });
    await writeFile(path.join(dir, 'outside-folder/index.html'), 'OUTSIDE-7f3a');
    await symlink(path.join(dir, 'outside.html'), path.join(dir, 'build/planted.html'));
    await symlink(path.join(dir, 'outside-folder'), path.join(dir, 'build/planted-folder'));
    await symlink('/etc/passwd', path.join(dir, 'build/passwd.txt'));
    for (const raw of ['/planted.html', '/planted-folder/', '/planted-folder/index.html', '/passwd.txt']) {
      const reply = await get(port, raw);
      expect([raw, reply.status, reply.body.includes('OUTSIDE-7f3a') || reply.body.includes('root:x:0:0')]).toEqual([raw, 404, false]);
    }
  });
});

/** A notes folder of one forum and one valid note, in a scratch folder. */
async function project(): Promise<{ root: string; notes: string }> {
  const root = await scratch();
  const notes = path.join(root, 'notes');
  await mkdir(path.join(notes, 'test-forum'), { recursive: true });
  await writeFile(path.join(notes, 'test-forum/collection.yaml'), FORUM_YAML);
  await writeFile(path.join(notes, 'test-forum/w1.md'), conceptNote());
  return { root, notes };
}

describe('the preview watcher and symbolic links', () => {
  it('never follows a link out of the notes folder: a large folder outside does not delay serving, and a change there builds nothing', { timeout: 120_000 }, async () => {
    const { root, notes } = await project();
    const outside = path.join(root, 'outside');
    // A large folder outside: 2,000 folders of a file each.
    for (let i = 0; i < 2000; i += 1) {
      await mkdir(path.join(outside, `d${i}`, 'deeper'), { recursive: true });
      await writeFile(path.join(outside, `d${i}`, 'deeper', 'x.md'), 'x');
    }
    await symlink(outside, path.join(notes, 'big'));
    await symlink('/usr', path.join(notes, 'usr'));
    await symlink('/', path.join(notes, 'test-forum/slash'));
    // A loop: the notes folder inside itself.
    await symlink(notes, path.join(notes, 'test-forum/loop'));
    await mkdir(path.join(root, 'builds'));
    const reports: BuildReport[] = [];
    let before = new Map<string, string>();
    const session = await startPreview({ notes, port: 0, buildRoot: path.join(root, 'builds'), onBuild: (r) => reports.push(r) });
    try {
      await session.idle();
      expect(reports).toHaveLength(1);
      expect(reports[0]?.served).toBe(true);
      const page = await fetch(session.url);
      expect(page.status).toBe(200);
      await writeFile(path.join(outside, 'd7', 'deeper', 'x.md'), 'changed outside');
      await writeFile(path.join(outside, 'new.md'), 'new outside');
      before = await snapshot(root, path.join(root, 'builds'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await session.idle();
      expect(reports).toHaveLength(1);
    } finally {
      await session.close();
    }
    await assertInvariants({ result: { code: 0, stdout: '', stderr: reports.flatMap((r) => r.diagnostics.map((d) => d.message)).join('\n') }, root, before, out: path.join(root, 'builds') });
    expect(await readdir(path.join(root, 'builds'))).toEqual([]);
  });
});

describe('notes preview stopped by a signal (the real binary)', () => {
  /** Run the preview, send `signal` once `when` says so, and return how it ended and what it left. */
  async function stop(signal: 'SIGTERM' | 'SIGINT', when: 'printed' | 'building' | 'folder'): Promise<{ code: number | null; stdout: string; stderr: string; left: string[]; root: string; before: Map<string, string> }> {
    const { root, notes } = await project();
    const tmp = path.join(root, 'tmp');
    await mkdir(tmp);
    const before = await snapshot(root, tmp);
    // The temporary folders go to TMPDIR: one of this test's own, to list what is left.
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/notes.js'), 'preview', '--notes', notes, '--port', '0'], { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], TMPDIR: tmp, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (condition: () => boolean): Promise<void> => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    if (when === 'printed') await until(() => /Built in/.test(stderr));
    if (when === 'building') await until(() => /Previewing/.test(stdout));
    if (when === 'folder') await until(() => readdirSync(tmp).some((name) => name.startsWith(PREFIX)));
    child.kill(signal);
    const code = await ended;
    return { code, stdout, stderr, left: (await readdir(tmp)).filter((name) => name.startsWith(PREFIX)), root, before };
  }

  for (const [signal, exit] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    for (const when of ['printed', 'building', 'folder'] as const) {
      it(`${signal} ${when === 'printed' ? 'after the first build' : when === 'building' ? 'as soon as the address is printed (during the first build)' : 'as soon as the first build made its folder'}: exit ${exit}, no ${PREFIX}* folder left`, { timeout: 60_000 }, async () => {
        const result = await stop(signal, when);
        expect(result.code).toBe(exit);
        expect(result.left).toEqual([]);
        expect(`${result.stdout}${result.stderr}`).not.toMatch(STACK);
        await assertInvariants({ result: { code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr }, root: result.root, before: result.before, out: path.join(result.root, 'tmp') });
      });
    }
  }
});
