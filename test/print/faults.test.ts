import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';
import { findBrowser, isExecutable } from '../../src/print/find-browser.js';
import { launchPrinter, type Printer } from '../../src/print/printer.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// What happens to a build when the browser dies under it or a page misses its deadline. Each
// build's browser is told apart from any other (other test files print at the same time) by its
// profile folder (printer.profile, /tmp/notes-chromium-XXXXXX), which every one of its Chromium
// processes has on its command line (--user-data-dir).

const run = promisify(execFile);
const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes still running whose command line names `profile`: `pid args` lines. */
function processesWith(profile: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(profile))
    .map((line) => line.trim().slice(0, 160));
}

/** Stop what a failed test left behind (only this test's browser processes, by pid). */
function killLeftovers(profile: string | undefined): void {
  if (!profile) return;
  for (const line of processesWith(profile)) {
    const pid = Number(line.split(' ')[0]);
    if (Number.isInteger(pid) && pid !== process.pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await sleep(20);
  }
  return false;
}

const temps: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A forum of `count` concept notes (workshops 1..count), each a few pages long. */
async function forum(count: number): Promise<string> {
  const files: Record<string, string> = { 'c/collection.yaml': FORUM_YAML };
  const long = Array.from({ length: 24 }, (_, i) => `Paragraph ${i + 1}. ${'Public services for everyone, everywhere, and on time. '.repeat(10)}`).join('\n\n');
  const body = (conceptNote().split('\n---\n\n')[1] as string).replace('Intro.', long);
  for (let n = 1; n <= count; n++) {
    files[`c/w${n}.md`] = conceptNote({ body }).replace('workshop: 1', `workshop: ${n}`);
  }
  const dir = await testdir(files);
  temps.push(dir);
  return dir;
}

describe('the browser killed in the middle of a build', () => {
  it('the build still resolves; every note has its PDF or a print-failed naming it; no Chromium is left', async () => {
    const dir = await forum(12);
    const out = await tempDir('notes-kill-');
    let profile: string | undefined;
    let running = 0;
    let killed: number | undefined;
    const browsers = new Set<number>();
    try {
      const started = Date.now();
      const { outputs, diagnostics } = await runBuild(dir, out, {
        // Two pages printing when the browser dies: both must be retried on one relaunched browser.
        concurrency: 2,
        env: ENV,
        onPrinter: (printer: Printer) => {
          profile = printer.profile;
          running = processesWith(profile).length;
          const print = printer.print;
          let first = true;
          printer.print = async (html) => {
            if (first) {
              first = false;
              // The first page has started: kill the browser while it prints.
              setTimeout(() => {
                killed = printer.pid();
                if (killed) process.kill(killed, 'SIGKILL');
              }, 300);
            }
            try {
              return await print(html);
            } finally {
              const pid = printer.pid();
              if (pid) browsers.add(pid);
            }
          };
        },
      });
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(profile).toContain('notes-chromium-');
      expect(running, 'its Chromium processes were seen by their profile folder').toBeGreaterThan(0);
      expect(killed, 'the browser was killed').toBeTypeOf('number');
      expect(await gone(killed as number)).toBe(true);

      const failed = diagnostics.filter((d) => d.ruleId === 'print-failed');
      for (let n = 1; n <= 12; n++) {
        const pdf = `test-forum/w${n}/w${n}.en.pdf`;
        const printed = outputs.some((o) => o.path === pdf) && existsSync(path.join(out, pdf));
        const named = failed.some((d) => path.basename(d.file) === `w${n}.md` && d.message.includes(pdf));
        expect(printed || named, `w${n}: printed or reported`).toBe(true);
      }
      // The browser was relaunched and the page it was printing retried: nothing was lost.
      expect([...browsers].filter((pid) => pid !== killed).length, 'a relaunched browser printed').toBeGreaterThan(0);
      expect(failed).toEqual([]);
      for (let n = 1; n <= 12; n++) {
        const { stdout } = await run('pdftotext', [path.join(out, `test-forum/w${n}/w${n}.en.pdf`), '-']);
        expect(stdout, `w${n}.en.pdf is workshop ${n}'s`).toMatch(new RegExp(`Workshop ${n}\\b`));
      }
      expect(existsSync(path.join(out, 'test-forum/test-forum.en.pdf'))).toBe(true);

      expect(processesWith(profile as string)).toEqual([]);
      expect(existsSync(profile as string), 'the profile folder is removed').toBe(false);
    } finally {
      killLeftovers(profile);
    }
  }, 90_000);

  // Every job that finds the browser dead must share one relaunch. Before 938f123 each started its
  // own: two browsers on one profile, one launch failing with "The browser is already running for
  // /tmp/notes-chromium-…" (a page lost), and, when that failed launch was the one kept, every later
  // page lost and the browser that did start never closed. Killed before two pages start, so both
  // find it dead at once.
  it('two pages printing when the browser dies: both are printed after one relaunch, and close() leaves no Chromium', async () => {
    const choice = findBrowser({ env: ENV, platform: process.platform, isExecutable, puppeteerBrowser: () => undefined });
    if (!choice || 'error' in choice) throw new Error('no browser to print with');
    const printer = await launchPrinter({ executablePath: choice.path, concurrency: 2, timeoutMs: 20_000 });
    const profile = printer.profile;
    try {
      expect(processesWith(profile).length).toBeGreaterThan(0);
      const pid = printer.pid() as number;
      process.kill(pid, 'SIGKILL');
      expect(await gone(pid)).toBe(true);
      await sleep(200);
      const html = '<!doctype html><html lang="en"><title>t</title><p>Hello</p></html>';
      const results = await Promise.allSettled([printer.print(html), printer.print(html)]);
      await printer.close();
      await sleep(500);
      expect(results.map((r) => (r.status === 'fulfilled' ? 'printed' : String(r.reason)))).toEqual(['printed', 'printed']);
      expect(processesWith(profile)).toEqual([]);
    } finally {
      await printer.close();
      killLeftovers(profile);
      await rm(profile, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a page that misses its deadline', () => {
  it('timeoutMs: 1 gives print-failed for every document, without hanging or crashing, and leaves no Chromium', async () => {
    const dir = await forum(2);
    const out = await tempDir('notes-deadline-');
    let profile: string | undefined;
    let running = 0;
    try {
      const started = Date.now();
      const { outputs, diagnostics } = await runBuild(dir, out, {
        timeoutMs: 1,
        env: ENV,
        onPrinter: (printer) => {
          profile = printer.profile;
          running = processesWith(profile).length;
        },
      });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(running).toBeGreaterThan(0);
      const failed = diagnostics.filter((d) => d.ruleId === 'print-failed').map((d) => [path.basename(d.file), d.severity, d.message]);
      expect(failed).toEqual([
        ['collection.yaml', 'error', 'The PDF test-forum/test-forum.en.pdf could not be printed: printing took longer than 0.001 s.'],
        ['w1.md', 'error', 'The PDF test-forum/w1/w1.en.pdf could not be printed: printing took longer than 0.001 s.'],
        ['w2.md', 'error', 'The PDF test-forum/w2/w2.en.pdf could not be printed: printing took longer than 0.001 s.'],
      ]);
      // Everything but the PDFs is still written.
      expect(outputs.filter((o) => o.path.endsWith('.pdf'))).toEqual([]);
      for (const html of ['test-forum/w1/w1.en.html', 'test-forum/w2/w2.en.html', 'test-forum/test-forum.en.html']) {
        expect(existsSync(path.join(out, html)), html).toBe(true);
      }
      expect(existsSync(path.join(out, 'test-forum/w1/w1.en.pdf'))).toBe(false);
      expect(processesWith(profile as string)).toEqual([]);
      expect(existsSync(profile as string)).toBe(false);
    } finally {
      killLeftovers(profile);
    }
  }, 60_000);

  // Regression (fixed in 19675eb, src/print/printer.ts printOnce): the deadline used to start only
  // once b.newPage() had returned, so with a hung browser (here SIGSTOP) print() waited for
  // puppeteer's protocol timeout (180 s) instead of timeoutMs.
  it('a hung browser: print() gives up at its deadline', async () => {
    const choice = findBrowser({ env: ENV, platform: process.platform, isExecutable, puppeteerBrowser: () => undefined });
    if (!choice || 'error' in choice) throw new Error('no browser to print with');
    const printer = await launchPrinter({ executablePath: choice.path, concurrency: 1, timeoutMs: 1000 });
    const pid = printer.pid() as number;
    let printing: Promise<string> | undefined;
    try {
      process.kill(pid, 'SIGSTOP');
      const started = Date.now();
      printing = printer.print('<!doctype html><html lang="en"><title>t</title><p>Hello</p></html>').then(
        () => 'printed',
        (error: unknown) => `failed: ${(error as Error).message}`,
      );
      const outcome = await Promise.race([printing, sleep(4000).then(() => 'still waiting after 4 s')]);
      expect(outcome).toBe('failed: printing took longer than 1 s');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      process.kill(pid, 'SIGKILL');
      await printer.close(); // closes before the dead browser is noticed: no relaunch
      await printing;
      killLeftovers(printer.profile);
      await rm(printer.profile, { recursive: true, force: true });
    }
  }, 30_000);
});
