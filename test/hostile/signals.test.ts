import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkOutputFolder } from '../../src/write/write.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';
import { assertInvariants, filesBelow, snapshot, type Ran } from './invariants.js';

// What needs the real binary (bin/notes.js, built by `npm run build`), a fake browser or a fake
// browser endpoint: a --browser that is not a browser, a browser killed while it starts, an
// endpoint that accepts the connection and never answers, SIGTERM and SIGINT while the build waits
// on them, and an output folder whose .notes-lock is not a lock. Each build runs with a TMPDIR of
// its own, so every browser profile and temporary folder it makes is found there (and must be
// gone when it ends), and every process it starts names that folder on its command line.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/notes.js');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5 })));
});

beforeAll(() => {
  // The binary runs the compiled code: it must be there (npm test builds it first).
  expect(existsSync(path.join(ROOT, 'dist/cli/main.js')), 'run npm run build first').toBe(true);
});

/** A project: the notes folder with one valid note, an empty TMPDIR of its own, and its output path. */
async function project(): Promise<{ root: string; notes: string; out: string; tmp: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'n-sig-'));
  temps.push(root);
  await mkdir(path.join(root, 'notes/c'), { recursive: true });
  await writeFile(path.join(root, 'notes/c/collection.yaml'), FORUM_YAML);
  await writeFile(path.join(root, 'notes/c/good.md'), conceptNote().replace('Intro.', 'Opening text.'));
  await mkdir(path.join(root, 'tmp'));
  return { root, notes: path.join(root, 'notes'), out: path.join(root, 'out'), tmp: path.join(root, 'tmp') };
}

/** A folder outside every project, for what a fake browser writes while the build runs. */
async function scratch(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'n-fake-'));
  temps.push(dir);
  return dir;
}

/** Start `notes args…` with TMPDIR set to `tmp`; `done` resolves with its exit code and output. */
function start(args: string[], tmp: string, env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Ran & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root', NO_COLOR: '1', CI: '1', TMPDIR: tmp, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A build that never ends (the failure these tests look for) is killed when its test ends.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Ran & { signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Processes whose command line contains `needle`, but not this test's own `ps`. */
function processesWith(needle: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(needle) && !/\bps -eo\b/.test(line));
}

/** Kill what a failed test left behind (by pid, only processes naming this test's folder). */
function killLeftovers(needle: string): void {
  for (const line of processesWith(needle)) {
    const pid = Number(line.trim().split(' ')[0]);
    if (Number.isInteger(pid) && pid !== process.pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** Wait until `condition` holds (polling); the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The invariants of every case here, after the build ended: plus no process left, TMPDIR empty. */
async function ended(p: { root: string; out: string; tmp: string }, before: Map<string, string>, result: Ran, needles: string[] = []): Promise<void> {
  await assertInvariants({ result, root: p.root, before, out: p.out });
  // Give a killed process group a moment to be reaped before looking.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const needle of [p.tmp, ...needles]) expect(processesWith(needle), `processes naming ${needle}`).toEqual([]);
  expect(await readdir(p.tmp), 'temporary folders and browser profiles left in TMPDIR').toEqual([]);
}

/** Write an executable shell script. */
async function script(file: string, body: string): Promise<string> {
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

// ── --browser naming something that is not a browser ──────────────────────────────────────────

describe('--browser naming an executable that is not a browser', () => {
  const fakes: [string, (dir: string, tag: string) => Promise<string>][] = [
    ['/bin/true (exits at once, says nothing)', async () => '/bin/true'],
    ['/bin/false (exits 1)', async () => '/bin/false'],
    ['a script printing garbage and escape codes', (dir) => script(path.join(dir, 'garbage'), `printf 'garbage \\033[2J\\033[1A\\r\\n'\nprintf 'Error: at fake (x.js:1:1)\\n' >&2\nexit 3`)],
    ['a script that hangs (sleep, as a child of the shell)', (dir, tag) => script(path.join(dir, 'hang'), `sleep ${tag}`)],
    ['a script that hangs after printing a fake DevTools line', (dir, tag) => script(path.join(dir, 'devtools'), `echo 'DevTools listening on ws://127.0.0.1:9/devtools/browser/x' >&2\nexec sleep ${tag}`)],
  ];
  for (const [name, make] of fakes) {
    it(`${name}: browser-missing naming it, exit 1, nothing written, no process or profile left`, { timeout: 90_000 }, async () => {
      const p = await project();
      // A sleep of its own length, to find the fake's processes by their command line.
      const tag = String(3000 + (randomBytes(2).readUInt16BE(0) % 5000));
      const browser = await make(p.root, tag);
      const before = await snapshot(p.root, p.out);
      try {
        const { done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser', browser, '--timeout', '5'], p.tmp);
        const result = await done;
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain('browser-missing');
        expect(result.stderr).toContain(`The browser ${browser} (from --browser or the config) could not be started`);
        // What the fake printed reaches no one raw: no escape code, no fake stack line.
        expect(result.stderr).not.toContain('\u001b[2J');
        expect(result.stderr).toMatch(/\[1\/2\] failed /);
        expect(result.stderr).not.toMatch(/\] printed /);
        expect(existsSync(p.out), 'no output folder is left behind').toBe(false);
        await ended(p, before, result, [`sleep ${tag}`]);
      } finally {
        killLeftovers(`sleep ${tag}`);
        killLeftovers(p.tmp);
      }
    });
  }
});

describe('--browser naming something that is not a program at all', () => {
  const fakes: [string, (dir: string) => Promise<string>][] = [
    ['a folder (it passes an execute-permission check)', async (dir) => dir],
    ['an executable text file with no #! line (spawn fails with ENOEXEC)', async (dir) => {
      const file = path.join(dir, 'no-shebang');
      await writeFile(file, 'echo not a browser\n', { mode: 0o755 });
      return file;
    }],
    ['a file that is not executable', async (dir) => {
      const file = path.join(dir, 'plain');
      await writeFile(file, 'text', { mode: 0o644 });
      return file;
    }],
    ['a path that does not exist', async (dir) => path.join(dir, 'no-such-browser')],
  ];
  for (const [name, make] of fakes) {
    it(`${name}: browser-missing naming it, exit 1, no internal error`, { timeout: 90_000 }, async () => {
      const p = await project();
      const browser = await make(await scratch());
      const before = await snapshot(p.root, p.out);
      const result = await start(['build', '--notes', p.notes, '--out', p.out, '--browser', browser], p.tmp).done;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`The browser ${browser} (from --browser) does not exist or cannot be run.`);
      expect(result.stderr).toContain('browser-missing');
      await ended(p, before, result, []);
    });
  }
});

// ── A Chromium killed while it starts is started once more ─────────────────────────────────────

describe('a browser killed while it starts', () => {
  /** A wrapper that counts its launches in `count` and does `first` on the first (then runs Chromium). */
  async function wrapper(dir: string, first: string, times = 1): Promise<{ browser: string; count: string }> {
    const count = path.join(dir, 'launches');
    const browser = await script(
      path.join(dir, 'chromium-wrapper'),
      [`n=$(cat '${count}' 2>/dev/null || echo 0)`, 'n=$((n+1))', `echo $n > '${count}'`, `if [ $n -le ${times} ]; then ${first}; fi`, `exec '${CHROMIUM}' "$@"`].join('\n'),
    );
    return { browser, count };
  }
  const variants: [string, string][] = [
    ['killed with SIGKILL before Chromium runs', 'kill -9 $$'],
    ['killed with SIGTERM before Chromium runs', 'kill -TERM $$; sleep 5'],
    ['exits 1 at once (a crash at start)', 'exit 1'],
    ['Chromium started, then killed within 300 ms', `'${CHROMIUM}' "$@" & c=$!; sleep 0.3; kill -9 $c; wait $c; exit 137`],
  ];
  for (const [name, first] of variants) {
    it(`${name}: relaunched once, every PDF printed, no profile or Chromium left`, { timeout: 120_000 }, async () => {
      const p = await project();
      const { browser, count } = await wrapper(await scratch(), first);
      const before = await snapshot(p.root, p.out);
      try {
        const { done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser', browser], p.tmp);
        const result = await done;
        expect(result.code, result.stderr).toBe(0);
        expect(Number(await readFile(count, 'utf8'))).toBe(2);
        for (const file of ['test-forum/good/good.en.pdf', 'test-forum/test-forum.en.pdf']) expect(existsSync(path.join(p.out, file)), file).toBe(true);
        const { stdout } = await run('pdftotext', [path.join(p.out, 'test-forum/good/good.en.pdf'), '-']);
        expect(stdout).toContain('Opening text.');
        await ended(p, before, result);
      } finally {
        killLeftovers(p.tmp);
      }
    });
  }

  it('killed at both starts: relaunched only once, then browser-missing; no profile or Chromium left', { timeout: 120_000 }, async () => {
    const p = await project();
    const { browser, count } = await wrapper(await scratch(), 'kill -9 $$', 5);
    const before = await snapshot(p.root, p.out);
    try {
      const { done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser', browser], p.tmp);
      const result = await done;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('browser-missing');
      expect(Number(await readFile(count, 'utf8'))).toBe(2);
      await ended(p, before, result);
    } finally {
      killLeftovers(p.tmp);
    }
  });
});

// ── A browser endpoint that never answers ───────────────────────────────────────────────────────

/** A loopback TCP server; `answer` says what it does with each connection (by default: nothing, ever). */
async function silentServer(answer: (socket: Socket) => void = () => undefined): Promise<{ server: Server; port: number; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    answer(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Completes the WebSocket handshake of each request, then never says anything more. */
function handshakeThenSilence(socket: Socket): void {
  let seen = '';
  socket.on('data', (chunk: Buffer) => {
    seen += chunk.toString('latin1');
    const key = /Sec-WebSocket-Key: *(\S+)/i.exec(seen)?.[1];
    if (!key || !seen.includes('\r\n\r\n')) return;
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    seen = '\u0000never again';
  });
}

describe('a --browser-endpoint that accepts the connection and never answers', () => {
  const endpoints: [string, (port: number) => string, (socket: Socket) => void][] = [
    ['ws:// that never answers the handshake', (port) => `ws://127.0.0.1:${port}/devtools/browser/x`, () => undefined],
    ['http:// that never answers /json/version', (port) => `http://127.0.0.1:${port}`, () => undefined],
    ['ws:// that completes the handshake, then never answers DevTools', (port) => `ws://127.0.0.1:${port}/devtools/browser/x`, handshakeThenSilence],
    ['ws:// that answers garbage and keeps the connection open', (port) => `ws://127.0.0.1:${port}/x`, (socket) => socket.write('hello\r\n')],
    ['http:// that sends the headers and never the body', (port) => `http://127.0.0.1:${port}`, (socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{')],
  ];
  for (const [name, address, answer] of endpoints) {
    it(`${name}: browser-missing within the deadline, exit 1, nothing written`, { timeout: 60_000 }, async () => {
      const p = await project();
      const server = await silentServer(answer);
      const before = await snapshot(p.root, p.out);
      try {
        const { done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser-endpoint', address(server.port), '--timeout', '5'], p.tmp);
        const result = await done;
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain(`The browser at ${address(server.port)} could not be reached`);
        expect(result.stderr).toContain('browser-missing');
        expect(server.connections).toBeGreaterThan(0);
        expect(existsSync(p.out)).toBe(false);
        await ended(p, before, result);
      } finally {
        await server.close();
      }
    });
  }

  it('an http:// endpoint naming a ws:// one that never answers: browser-missing, exit 1', { timeout: 60_000 }, async () => {
    const p = await project();
    const silent = await silentServer();
    const http = createHttpServer((_req, res) => res.end(JSON.stringify({ webSocketDebuggerUrl: `ws://127.0.0.1:${silent.port}/devtools/browser/x` })));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const before = await snapshot(p.root, p.out);
    try {
      const endpoint = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const { done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser-endpoint', endpoint, '--timeout', '5'], p.tmp);
      const result = await done;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('browser-missing');
      expect(silent.connections).toBe(1);
      await ended(p, before, result);
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await silent.close();
    }
  });
});

// ── SIGTERM and SIGINT while the build waits ───────────────────────────────────────────────────

describe('a build waiting on the browser stops at SIGTERM and SIGINT, and cleans up', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal} while connecting to an endpoint that never answers: exit ${code}, no output folder, no lock`, { timeout: 60_000 }, async () => {
      const p = await project();
      const server = await silentServer();
      const before = await snapshot(p.root, p.out);
      try {
        // The deadline (60 s) is past the test's timeout: only the signal can end this build in time.
        const { child, done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser-endpoint', `ws://127.0.0.1:${server.port}/x`, '--timeout', '60'], p.tmp);
        await until(() => server.connections > 0);
        child.kill(signal);
        const result = await done;
        expect([result.code, result.signal], result.stderr).toEqual([code, null]);
        expect(existsSync(p.out) ? await readdir(p.out) : 'removed', 'the output folder this build made is removed').toBe('removed');
        await ended(p, before, result);
      } finally {
        await server.close();
      }
    });

    it(`${signal} while a browser hangs as it starts: exit ${code}, its processes killed, its profile removed`, { timeout: 60_000 }, async () => {
      const p = await project();
      const tag = String(3000 + (randomBytes(2).readUInt16BE(0) % 5000));
      const browser = await script(path.join(p.root, 'hang'), `sleep ${tag}`);
      const before = await snapshot(p.root, p.out);
      try {
        const { child, done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser', browser, '--timeout', '60'], p.tmp);
        await until(() => processesWith(`sleep ${tag}`).length > 0);
        child.kill(signal);
        const result = await done;
        expect([result.code, result.signal], result.stderr).toEqual([code, null]);
        expect(existsSync(p.out)).toBe(false);
        await ended(p, before, result, [`sleep ${tag}`]);
      } finally {
        killLeftovers(`sleep ${tag}`);
      }
    });
  }

  it('SIGTERM while Chromium prints: exit 143, no Chromium, profile, lock or staging left', { timeout: 90_000 }, async () => {
    const p = await project();
    const before = await snapshot(p.root, p.out);
    try {
      const { child, done } = start(['build', '--notes', p.notes, '--out', p.out, '--browser', CHROMIUM], p.tmp);
      await until(() => processesWith(p.tmp).length > 0);
      child.kill('SIGTERM');
      const result = await done;
      expect([result.code, result.signal], result.stderr).toEqual([143, null]);
      const left = existsSync(p.out) ? (await readdir(p.out)).filter((name) => name.startsWith('.notes-')) : [];
      expect(left).toEqual([]);
      await ended(p, before, result);
    } finally {
      killLeftovers(p.tmp);
    }
  });
});

// ── An output folder whose .notes-lock is not a lock ───────────────────────────────────────────

describe('an output folder whose .notes-lock is not a lock file', () => {
  const locks: [string, (file: string) => Promise<void>, number, RegExp][] = [
    ['a FIFO', async (file) => void (await run('mkfifo', [file])), 2, /is a named pipe \(FIFO\), not a lock file written by notes/],
    ['a folder', async (file) => void (await mkdir(path.join(file, 'inside'), { recursive: true })), 2, /is a folder, not a lock file written by notes/],
    ['a symbolic link to /dev/zero', (file) => symlink('/dev/zero', file), 2, /is a symbolic link, not a lock file written by notes/],
    ['a symbolic link to a FIFO', async (file) => {
      await run('mkfifo', [`${file}.fifo`]);
      await symlink(`${file}.fifo`, file);
    }, 2, /is a symbolic link, not a lock file/],
    ['a 64 MB file (sparse)', async (file) => {
      await writeFile(file, '');
      await truncate(file, 64 << 20);
    }, 3, /which notes did not write: delete it if no build is running/],
  ];
  for (const [name, make, code, message] of locks) {
    it(`${name}: exit ${code} naming the file, at once, the folder left as it was`, { timeout: 60_000 }, async () => {
      const p = await project();
      await mkdir(p.out);
      const lock = path.join(p.out, '.notes-lock');
      await make(lock);
      const before = await snapshot(p.root);
      const { done } = start(['build', '--notes', p.notes, '--out', p.out, '--no-pdf'], p.tmp);
      {
        const result = await done;
        expect(result.code, result.stderr).toBe(code);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toContain(lock);
        // Nothing changed, in the output folder either: the thing in the lock's place is not notes' to touch.
        await assertInvariants({ result, root: p.root, before });
        expect(await filesBelow(path.join(p.out, 'test-forum'))).toEqual([]);
        expect(await readdir(p.tmp)).toEqual([]);
      }
    });
  }
});

// ── Where an output folder may not be, from a current folder of the test's choosing ─────────────

describe('the output folder and the current folder', () => {
  it('an output folder that contains the current folder is refused; the current folder itself is not', async () => {
    const p = await project();
    const here = path.join(p.root, 'work', 'deep');
    await mkdir(here, { recursive: true });
    expect(await checkOutputFolder(path.join(p.root, 'work'), p.notes, undefined, here)).toMatch(/contains the current folder/);
    expect(await checkOutputFolder('..', p.notes, undefined, here)).toMatch(/contains the current folder/);
    expect(await checkOutputFolder('.', p.notes, undefined, here)).toBeUndefined();
    expect(await checkOutputFolder('site', p.notes, undefined, here)).toBeUndefined();
    // The home folder, given as the test's choice of home.
    expect(await checkOutputFolder(p.root, p.notes, undefined, here, p.root)).toMatch(/your home folder/);
  });
});
