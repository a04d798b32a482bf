/// <reference lib="dom" />
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { previewCommand, rebuildLine } from '../../src/cli/commands/preview.js';
import type { Io } from '../../src/cli/io.js';
import { PACKAGE_ROOT } from '../../src/load/resources.js';
import { OVERLAY_ID } from '../../src/preview/client.js';
import { startPreview, type BuildReport, type PreviewSession } from '../../src/preview/session.js';
import { findBrowser, isExecutable } from '../../src/print/find-browser.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// `notes preview` end to end: a real Chromium watches the served page rebuild and reload itself.
let browser: Browser;
const sessions: PreviewSession[] = [];
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const choice = findBrowser({ env: process.env, platform: process.platform, isExecutable, puppeteerBrowser: () => undefined });
  if (!choice || 'error' in choice) throw new Error('no browser to test with');
  browser = await puppeteer.launch({ executablePath: choice.path, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 60_000);

afterEach(async () => {
  await Promise.all([...sessions.splice(0).map((s) => s.close()), ...stops.splice(0).map((stop) => stop())]);
});

afterAll(async () => {
  await browser?.close();
});

/** A project of one forum and one concept note; returns the note's path and a folder for the builds. */
async function project(): Promise<{ dir: string; notes: string; note: string; builds: string }> {
  const dir = await testdir({ 'notes/test-forum/collection.yaml': FORUM_YAML, 'notes/test-forum/w1.md': conceptNote() });
  const builds = path.join(dir, 'builds');
  await mkdir(builds);
  return { dir, notes: path.join(dir, 'notes'), note: path.join(dir, 'notes/test-forum/w1.md'), builds };
}

/** What each build did, as [served, kept, errors]; consecutive repeats (one save seen twice) merged. */
function summary(reports: readonly BuildReport[]): [boolean, boolean, number][] {
  const rows = reports.map((r): [boolean, boolean, number] => [r.served, r.kept, r.failure !== undefined ? -1 : r.diagnostics.filter((d) => d.severity === 'error').length]);
  return rows.filter((row, i) => i === 0 || JSON.stringify(row) !== JSON.stringify(rows[i - 1]));
}

const EMAIL_MESSAGE = '"ada@un" is not a valid email address (contacts › 1 › email): write it as name@domain, e.g. name@un.org.';

describe('notes preview in a browser', () => {
  it('reloads the open page after an edit, overlays errors over the last good build, and removes the overlay once fixed', async () => {
    const { notes, note, builds } = await project();
    const reports: BuildReport[] = [];
    const session = await startPreview({ notes, port: 0, buildRoot: builds, onBuild: (r) => reports.push(r) });
    sessions.push(session);
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await session.idle();
    const pageUrl = `${session.url}test-forum/w1/w1.en.html`;
    const page = await browser.newPage();
    await page.goto(pageUrl);
    expect(await page.$eval('body', (b) => b.innerText)).toContain('Intro.');

    // 1. An edit: the page shows it without the test reloading it.
    await writeFile(note, conceptNote().replace('Intro.', 'Edited introduction.'));
    await page.waitForFunction(() => document.body.innerText.includes('Edited introduction.'), { timeout: 20_000, polling: 100 });
    await page.evaluate(() => {
      (window as unknown as { notesTestMarker: string }).notesTestMarker = 'same page';
    });

    // 2. Invalid front matter: the overlay names the place; the page (not reloaded) still shows the last good text.
    await writeFile(note, conceptNote().replace('Intro.', 'Broken introduction.').replace('ada@un.org', 'ada@un'));
    await page.waitForSelector(`#${OVERLAY_ID}`, { timeout: 20_000 });
    const where = `${path.relative(process.cwd(), note)}:14:12`;
    expect(await page.$$eval(`#${OVERLAY_ID} li`, (items) => items.map((li) => li.textContent))).toEqual([`${where}  error  ${EMAIL_MESSAGE}  schema-format`]);
    expect(await page.$eval(`#${OVERLAY_ID} strong`, (s) => s.textContent)).toBe('The last change has errors: this page shows the last good build.');
    const text = await page.$eval('body', (b) => b.innerText);
    expect([text.includes('Edited introduction.'), text.includes('Broken introduction.')]).toEqual([true, false]);
    expect(await page.evaluate(() => (window as unknown as { notesTestMarker?: string }).notesTestMarker)).toBe('same page');
    // A fresh request gets the last good build too.
    const served = await (await fetch(pageUrl)).text();
    expect([served.includes('Edited introduction.'), served.includes('Broken introduction.')]).toEqual([true, false]);

    // 3. Fixed: the page reloads itself with the new text and no overlay.
    await writeFile(note, conceptNote().replace('Intro.', 'Fixed introduction.'));
    await page.waitForFunction((id) => document.body.innerText.includes('Fixed introduction.') && document.getElementById(id) === null, { timeout: 20_000, polling: 100 }, OVERLAY_ID);
    expect(await page.evaluate(() => (window as unknown as { notesTestMarker?: string }).notesTestMarker)).toBeUndefined();
    await page.close();

    await session.idle();
    expect(summary(reports)).toEqual([
      [true, false, 0],
      [false, true, 1],
      [true, false, 0],
    ]);
    expect(reports[0]?.first).toBe(true);
    expect(reports.slice(1).every((r) => !r.first)).toBe(true);
    // Only the served build is on disk; closing removes it.
    expect((await readdir(builds)).length).toBe(1);
    await session.close();
    expect(await readdir(builds)).toEqual([]);
  }, 90_000);

  it('rebuilds on template changes, and keeps the last good build when a template does not compile', async () => {
    const { dir, notes, builds } = await project();
    // A copy of the package's templates, schemas and kinds, so the test can edit them.
    const root = path.join(dir, 'package');
    await mkdir(root);
    for (const folder of ['templates', 'schemas', 'kinds']) await cp(path.join(PACKAGE_ROOT, folder), path.join(root, folder), { recursive: true });
    await cp(path.join(PACKAGE_ROOT, 'package.json'), path.join(root, 'package.json'));
    const reports: BuildReport[] = [];
    const session = await startPreview({ notes, port: 0, buildRoot: builds, packageRoot: root, onBuild: (r) => reports.push(r) });
    sessions.push(session);
    await session.idle();
    const page = await browser.newPage();
    await page.goto(`${session.url}test-forum/w1/w1.en.html`);

    const layout = path.join(root, 'templates/layout.hbs');
    const original = await readFile(layout, 'utf8');
    await writeFile(layout, original.replace('<body class="{{bodyClass}}">', '<body class="{{bodyClass}}">\n<p id="banner">Draft template</p>'));
    await page.waitForSelector('#banner', { timeout: 20_000 });

    await writeFile(layout, original.replace('{{{content}}}', '{{#if content}}{{{content}}}'));
    await page.waitForSelector(`#${OVERLAY_ID}`, { timeout: 20_000 });
    const problem = await page.$eval(`#${OVERLAY_ID} li`, (li) => li.textContent ?? '');
    expect(problem.startsWith('error  The build failed: ')).toBe(true);
    expect(await page.$eval('#banner', (p) => p.textContent)).toBe('Draft template');
    await session.idle();
    expect(rebuildLine({ ...(reports.at(-1) as BuildReport), ms: 100 }).split('\n')[0]).toBe('Rebuilt in 0.1 s: failed (still serving the last good build)');

    await writeFile(layout, original);
    await page.waitForFunction((id) => document.getElementById('banner') === null && document.getElementById(id) === null, { timeout: 20_000, polling: 100 }, OVERLAY_ID);
    await page.close();
  }, 90_000);
});

/** Streams that record what a command writes. */
function captureIo(): Io & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...process.env, NO_COLOR: '1' },
    out: () => stdout,
    err: () => stderr,
  };
}

describe('notes preview on the command line', () => {
  it('prints the URL, one line per build and its diagnostics, and returns 130 once interrupted', async () => {
    const { notes, note } = await project();
    const io = captureIo();
    const controller = new AbortController();
    const running = previewCommand({ notes, port: 0, host: '127.0.0.1' }, io, controller.signal);
    // Stopped however the test ends, so a failing assertion leaves no server or build folder behind.
    stops.push(async () => {
      controller.abort();
      await running.catch(() => undefined);
    });
    await vi.waitFor(() => expect(io.err()).toMatch(/^Built in \d+\.\d s: 1 note, 0 errors, 0 warnings\n$/), { timeout: 20_000, interval: 50 });
    expect(io.out()).toMatch(new RegExp(`^Previewing ${notes.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at http://127\\.0\\.0\\.1:\\d+/ \\(press Ctrl-C to stop\\)\\n$`));
    const url = /http:\S+/.exec(io.out())?.[0] as string;
    expect((await fetch(url)).status).toBe(200);

    await writeFile(note, conceptNote().replace('ada@un.org', 'ada@un'));
    await vi.waitFor(() => expect(io.err()).toContain('1 error, 0 warnings\n'), { timeout: 20_000, interval: 50 });
    const where = `${path.relative(process.cwd(), note)}:14:12`;
    expect(io.err().replace(/\d+\.\d s/g, 'T s')).toBe(
      `Built in T s: 1 note, 0 errors, 0 warnings\nRebuilt in T s: 1 note, 1 error, 0 warnings (still serving the last good build)\n${where}  error  ${EMAIL_MESSAGE}  schema-format\n1 error, 0 warnings\n`,
    );

    controller.abort();
    expect(await running).toBe(130);
    // The server is gone.
    await expect(fetch(url)).rejects.toThrow();
  }, 60_000);

  it('refuses a bad port, a missing notes folder and a port in use, with exit code 2', async () => {
    const bad = await runCli(['preview', '--port', '70000']);
    expect([bad.code, bad.stderr]).toEqual([2, "error: option '--port <n>' argument '70000' is invalid. expected a port number from 0 to 65535, such as 4321.\n(run notes --help for usage)\n"]);

    const { dir, notes } = await project();
    const missing = await runCli(['preview', '--notes', path.join(dir, 'nowhere'), '--port', '0']);
    expect([missing.code, missing.stderr]).toEqual([2, `The notes folder ${path.join(dir, 'nowhere')} does not exist: run notes in your project's folder or pass --notes DIR.\n`]);

    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await runCli(['preview', '--notes', notes, '--port', String(port)]);
      expect([busy.code, busy.stderr]).toEqual([2, `Port ${port} on 127.0.0.1 is in use: choose another with --port N, or --port 0 for any free port.\n`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('documents itself with examples', async () => {
    const help = await runCli(['preview', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: notes preview [options]');
    expect(help.stdout).toContain('$ notes preview --notes drafts --port 0');
  });
});
