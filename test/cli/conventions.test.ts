import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { previewCommand } from '../../src/cli/commands/preview.js';
import { useColor, type Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { createProgress } from '../../src/cli/progress.js';
import { formatTextLine } from '../../src/diagnostics/reporters/text.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// The conventions of command-line programs: --quiet and --verbose, NO_COLOR and FORCE_COLOR,
// and notes preview --open.

const VALID = 'test/fixtures/valid';
const WARNING = 'test/fixtures/footnote-unused';
const ERROR = 'test/fixtures/bad-email';

let dir: string;
beforeAll(async () => {
  dir = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote() });
});

describe('--quiet and --verbose', () => {
  it('refuses both at once, before or after the command, as a usage error (exit 2)', async () => {
    for (const args of [['--quiet', '--verbose', 'validate'], ['validate', '-q', '--verbose', '--notes', VALID]]) {
      expect(await runCli(args)).toEqual({ code: 2, stdout: '', stderr: "error: option '-q, --quiet' cannot be used with option '--verbose'\n(run notes --help for usage)\n" });
    }
  });

  it('--quiet prints only the problems, without the count line or the summary, and keeps the exit code', async () => {
    expect(await runCli(['validate', '--quiet', '--notes', VALID])).toEqual({ code: 0, stdout: '', stderr: '' });
    const warned = await runCli(['-q', 'validate', '--notes', WARNING]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/^test\/fixtures\/footnote-unused\/w\.md:\d+:\d+ {2}warning {2}.* {2}footnote-unused\n$/);
    const failed = await runCli(['validate', '--notes', ERROR, '--quiet']);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trimEnd().split('\n').every((line) => / {2}error {2}/.test(line))).toBe(true);
  });

  it('--quiet builds without progress, notices or summary; --verbose says the config, folders, browser and memo', async () => {
    const quiet = await runCli(['build', '--quiet', '--no-pdf', '--notes', path.join(dir, 'notes'), '--out', path.join(dir, 'quiet')]);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(path.join(dir, 'quiet', 'test-forum', 'w1', 'w1.en.html'))).toBe(true);

    const verbose = await runCli(['build', '--verbose', '--no-pdf', '--notes', path.join(dir, 'notes'), '--out', path.join(dir, 'loud')]);
    expect(verbose.code).toBe(0);
    const lines = verbose.stderr.split('\n');
    expect(lines[0]).toMatch(/^No config file: none of notes\.config\.json, \.yaml or \.yml in .* or a folder above it\.$/);
    expect(lines.slice(1, 4)).toEqual([`Notes folder: ${path.join(dir, 'notes')} (--notes).`, `Output folder: ${path.join(dir, 'loud')} (--out).`, 'Browser: none (--no-pdf: HTML only).']);
    expect(verbose.stderr).toMatch(/\nNote memo: \d of 1 note unchanged since the last build, \d renderings? reused \(kept in .*\)\.\n/);
    expect(verbose.stderr).toMatch(/\nDone in /);
  });

  it('--verbose says which browser a build prints with, and why', async () => {
    const browser = path.join(dir, 'chrome');
    await writeFile(browser, '#!/bin/sh\nexit 1\n');
    await chmod(browser, 0o755);
    // The browser cannot start: the build fails, but not before --verbose said which it took.
    const result = await runCli(['build', '--verbose', '--browser', browser, '--notes', path.join(dir, 'notes'), '--out', path.join(dir, 'printed')]);
    expect(result.stderr).toContain(`Browser: ${browser} (from --browser or the config).\n`);
  });

  it('changes nothing that --format json, github or junit writes to standard output', async () => {
    for (const format of ['json', 'github', 'junit']) {
      const plain = await runCli(['validate', '--notes', ERROR, '--format', format]);
      for (const flag of ['--quiet', '--verbose']) {
        const run = await runCli(['validate', flag, '--notes', ERROR, '--format', format]);
        expect([run.code, run.stdout]).toEqual([plain.code, plain.stdout]);
      }
      expect((await runCli(['validate', '--quiet', '--notes', ERROR, '--format', format])).stderr).toBe('');
    }
    const out = path.join(dir, 'json-out');
    const built = await runCli(['build', '--no-pdf', '--format', 'json', '--notes', path.join(dir, 'notes'), '--out', out]);
    for (const flag of ['--quiet', '--verbose']) {
      expect((await runCli(['build', flag, '--no-pdf', '--format', 'json', '--notes', path.join(dir, 'notes'), '--out', out])).stdout).toBe(built.stdout);
    }
  });

  it('progress: nothing with --quiet; with --verbose, one plain line per PDF even on a terminal', () => {
    const event = { done: 1, total: 2, path: 'f/w1/w1.en.pdf', cached: true };
    for (const [verbosity, expected] of [
      ['quiet', ''],
      ['verbose', '[1/2] unchanged f/w1/w1.en.pdf\n'],
    ] as const) {
      let text = '';
      const progress = createProgress({ stdout: { write: () => true }, stderr: { write: (s: string) => (text += s), isTTY: true }, env: {}, verbosity });
      progress.update(event);
      progress.finish();
      expect(text).toBe(expected);
    }
  });
});

describe('colour: NO_COLOR and FORCE_COLOR', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };
  const io = (env: Record<string, string>): Io => ({ stdout: pipe, stderr: pipe, env });

  it('NO_COLOR turns colour off only when it is set and not empty (no-color.org), and wins over FORCE_COLOR', () => {
    expect(useColor(io({ NO_COLOR: '' }), tty)).toBe(true);
    expect(useColor(io({ NO_COLOR: '', FORCE_COLOR: '1' }), pipe)).toBe(true);
    expect(useColor(io({ NO_COLOR: '1' }), tty)).toBe(false);
    expect(useColor(io({ NO_COLOR: '1', FORCE_COLOR: '1' }), tty)).toBe(false);
  });

  it('FORCE_COLOR forces colour off a terminal, and FORCE_COLOR=0 turns it off on one', () => {
    expect(useColor(io({}), pipe)).toBe(false);
    expect(useColor(io({ FORCE_COLOR: '1' }), pipe)).toBe(true);
    expect(useColor(io({ FORCE_COLOR: '3', TERM: 'dumb' }), pipe)).toBe(true);
    expect(useColor(io({ FORCE_COLOR: '' }), pipe)).toBe(false);
    expect(useColor(io({ FORCE_COLOR: '0' }), tty)).toBe(false);
    expect(useColor(io({ FORCE_COLOR: 'false' }), tty)).toBe(false);
  });

  it('colours the diagnostics of a run whose output is not a terminal when FORCE_COLOR=1, and none with NO_COLOR=1', async () => {
    const run = async (env: Record<string, string>): Promise<string> => {
      let stderr = '';
      await main(['validate', '--notes', WARNING], { stdout: pipe, stderr: { write: (s: string) => (stderr += s), isTTY: false }, env });
      return stderr;
    };
    expect(await run({ FORCE_COLOR: '1', NO_COLOR: '' })).toContain('\u001b[33mwarning\u001b[39m');
    expect(await run({ FORCE_COLOR: '1', NO_COLOR: '1' })).not.toContain('\u001b[');
  });

  it('dims the rule id and ends the dim with its own reset (22, not 39)', () => {
    const line = formatTextLine({ file: 'n/a.md', line: 1, column: 1, endLine: null, endColumn: null, severity: 'error', ruleId: 'schema-format', message: 'm' }, { color: true });
    expect(line).toBe('n/a.md:1:1  \u001b[31merror\u001b[39m  m  \u001b[2mschema-format\u001b[22m');
    expect(formatTextLine({ file: 'n/a.md', line: 1, column: 1, endLine: null, endColumn: null, severity: 'warning', ruleId: 'x', message: 'm' })).toBe('n/a.md:1:1  warning  m  x');
  });
});

describe('notes preview --open', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    vi.unstubAllEnvs();
  });
  afterAll(() => vi.unstubAllEnvs());

  /** Streams that record what a command writes. */
  function captureIo(): Io & { out: () => string; err: () => string } {
    let stdout = '';
    let stderr = '';
    return { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { ...process.env, NO_COLOR: '1' }, out: () => stdout, err: () => stderr };
  }

  /** Run the preview of `dir` until the test ends; returns its streams. */
  function preview(opener?: (url: string) => Promise<void>): ReturnType<typeof captureIo> {
    const io = captureIo();
    const controller = new AbortController();
    const running = previewCommand({ notes: path.join(dir, 'notes'), port: 0, host: '127.0.0.1', open: true }, io, controller.signal, opener);
    stops.push(async () => {
      controller.abort();
      await running.catch(() => undefined);
    });
    return io;
  }

  const urlOf = (io: { out: () => string }): string => /http:\S+/.exec(io.out())?.[0] as string;

  it('gives the URL to the opener once the server listens', async () => {
    const opened: string[] = [];
    const io = preview(async (url) => {
      opened.push(url);
    });
    await vi.waitFor(() => expect(opened).toHaveLength(1), { timeout: 20_000, interval: 20 });
    expect(opened[0]).toBe(urlOf(io));
  });

  it('says so when no browser could be opened, and goes on serving', async () => {
    const io = preview(async () => {
      throw new Error('xdg-open exited with code 3');
    });
    await vi.waitFor(() => expect(io.err()).toContain('Could not open a browser'), { timeout: 20_000, interval: 20 });
    const url = urlOf(io);
    expect(io.err()).toContain(`Could not open a browser (xdg-open exited with code 3): open ${url} yourself. The preview goes on.\n`);
    await vi.waitFor(() => expect(io.err()).toMatch(/Built in/), { timeout: 20_000, interval: 50 });
    expect((await fetch(url)).status).toBe(200);
  });

  // The real path: the `open` package runs its own copy of xdg-open (not the one on PATH), which,
  // with no desktop to ask, hands the URL to $BROWSER: a script here that writes it to a file.
  it.skipIf(process.platform !== 'linux')('opens the URL with the system opener (xdg-open, then $BROWSER), and reports one that fails', async () => {
    const record = path.join(dir, 'opened.txt');
    const browser = path.join(dir, 'browser.sh');
    await writeFile(browser, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    await chmod(browser, 0o755);
    for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'DESKTOP_SESSION', 'KDE_FULL_SESSION', 'GNOME_DESKTOP_SESSION_ID']) vi.stubEnv(name, undefined);
    vi.stubEnv('BROWSER', browser);
    const io = preview();
    await vi.waitFor(() => expect(existsSync(record)).toBe(true), { timeout: 20_000, interval: 50 });
    expect(await readFile(record, 'utf8')).toBe(urlOf(io));
    expect(io.err()).not.toContain('Could not open');

    const failing = path.join(dir, 'no-browser.sh');
    await writeFile(failing, '#!/bin/sh\nexit 1\n');
    await chmod(failing, 0o755);
    vi.stubEnv('BROWSER', failing);
    const failed = preview();
    await vi.waitFor(() => expect(failed.err()).toContain('Could not open a browser (xdg-open exited with code 3)'), { timeout: 20_000, interval: 50 });
  });

  it('with --quiet, a preview prints its URL and the problems of each build, without the build lines', async () => {
    const bad = await testdir({ 'notes/f/collection.yaml': FORUM_YAML, 'notes/f/w1.md': conceptNote().replace('ada@un.org', 'ada@un') });
    const io = { ...captureIo(), verbosity: 'quiet' as const };
    const controller = new AbortController();
    const running = previewCommand({ notes: path.join(bad, 'notes'), port: 0, host: '127.0.0.1' }, io, controller.signal);
    stops.push(async () => {
      controller.abort();
      await running.catch(() => undefined);
    });
    await vi.waitFor(() => expect(io.err()).toContain('schema-format'), { timeout: 20_000, interval: 50 });
    expect(io.out()).toMatch(/^Previewing .* at http:\/\/127\.0\.0\.1:\d+\/ \(press Ctrl-C to stop\)\n$/);
    expect(io.err()).toMatch(/^\S+w1\.md:14:12 {2}error {2}.* {2}schema-format\n$/);
  });

  it.skipIf(process.platform !== 'linux')('the real binary: notes preview --open opens the URL it prints, and Ctrl-C still ends it (exit 130)', async () => {
    const record = path.join(dir, 'opened-by-bin.txt');
    const browser = path.join(dir, 'browser-bin.sh');
    await writeFile(browser, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    await chmod(browser, 0o755);
    const bin = fileURLToPath(new URL('../../bin/notes.js', import.meta.url));
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], NOTES_CACHE_DIR: process.env['NOTES_CACHE_DIR'], NO_COLOR: '1', BROWSER: browser };
    const child = spawn(process.execPath, [bin, 'preview', '--open', '--port', '0', '--notes', path.join(dir, 'notes')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await vi.waitFor(() => expect(existsSync(record)).toBe(true), { timeout: 20_000, interval: 50 });
      expect(await readFile(record, 'utf8')).toBe(/http:\S+/.exec(stdout)?.[0]);
    } finally {
      child.kill('SIGINT');
    }
    expect(await ended).toBe(130);
  });
});

describe('help', () => {
  it('lists --quiet, --verbose, FORCE_COLOR, and preview --open with an example', async () => {
    const root = await runCli(['--help']);
    expect(root.stdout).toContain('-q, --quiet');
    expect(root.stdout).toContain('--verbose');
    expect(root.stdout).toContain('FORCE_COLOR');
    const help = await runCli(['preview', '--help']);
    expect(help.stdout).toContain('--open');
    expect(help.stdout).toContain('$ notes preview --open');
  });
});
