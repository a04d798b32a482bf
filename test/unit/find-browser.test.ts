import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findBrowser, noBrowserMessage, type BrowserProbe } from '../../src/print/find-browser.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

const OWN = '/home/u/.cache/puppeteer/chrome/linux-147.0.0/chrome-linux64/chrome';

/** A machine where exactly the `present` files are executable; nothing touches the disk. */
function probe(present: readonly string[], over: Partial<BrowserProbe> = {}): BrowserProbe {
  return {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    platform: 'linux',
    isExecutable: (file) => present.includes(file),
    puppeteerBrowser: () => OWN,
    ...over,
  };
}

describe('findBrowser', () => {
  const everything = ['/opt/chrome/chrome', '/env/chrome', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', OWN];
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', PUPPETEER_EXECUTABLE_PATH: '/env/chrome' };

  it('takes the --browser option over everything else', () => {
    expect(findBrowser(probe(everything, { option: '/opt/chrome/chrome', env }))).toEqual({ path: '/opt/chrome/chrome', source: 'option' });
  });

  it('takes PUPPETEER_EXECUTABLE_PATH over an installed browser', () => {
    expect(findBrowser(probe(everything, { env }))).toEqual({ path: '/env/chrome', source: 'environment' });
  });

  it('takes an installed Chrome (google-chrome-stable first) over Chromium and over puppeteer’s own', () => {
    expect(findBrowser(probe(everything))).toEqual({ path: '/usr/bin/google-chrome-stable', source: 'system' });
    expect(findBrowser(probe(everything.filter((f) => !f.endsWith('google-chrome-stable'))))).toEqual({ path: '/usr/bin/google-chrome', source: 'system' });
    expect(findBrowser(probe(['/usr/bin/chromium', '/usr/bin/chromium-browser', OWN]))).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    expect(findBrowser(probe(['/usr/bin/chromium-browser', OWN]))).toEqual({ path: '/usr/bin/chromium-browser', source: 'system' });
    expect(findBrowser(probe(['/snap/bin/chromium', OWN]))).toEqual({ path: '/snap/bin/chromium', source: 'system' });
  });

  it('prefers Chrome to Chromium even when Chromium comes earlier on PATH', () => {
    expect(findBrowser(probe(['/usr/local/bin/chromium', '/usr/bin/google-chrome-stable']))).toEqual({ path: '/usr/bin/google-chrome-stable', source: 'system' });
  });

  it('searches the PATH it is given, in order', () => {
    const found = findBrowser(probe(['/usr/bin/chromium', '/home/u/bin/chromium'], { env: { PATH: ['/home/u/bin', '/usr/bin'].join(path.delimiter) } }));
    expect(found).toEqual({ path: '/home/u/bin/chromium', source: 'system' });
  });

  it('falls back to puppeteer’s own browser last, and only when it is there', () => {
    expect(findBrowser(probe([OWN]))).toEqual({ path: OWN, source: 'puppeteer' });
    expect(findBrowser(probe([], { puppeteerBrowser: () => OWN }))).toBeUndefined();
  });

  it('gives an error, not a fallback, when the browser named does not exist', () => {
    expect(findBrowser(probe(everything, { option: '/nonexistent/chrome' }))).toEqual({
      error: 'The browser /nonexistent/chrome (from --browser) does not exist or cannot be run.',
    });
    expect(findBrowser(probe(everything, { env: { PUPPETEER_EXECUTABLE_PATH: '/gone/chrome' } }))).toEqual({
      error: 'The browser /gone/chrome (from PUPPETEER_EXECUTABLE_PATH) does not exist or cannot be run.',
    });
  });

  it('finds nothing when there is no browser at all', () => {
    expect(findBrowser(probe([]))).toBeUndefined();
    expect(findBrowser(probe([], { puppeteerBrowser: () => undefined }))).toBeUndefined();
  });

  it('looks where Chrome is installed on macOS and Windows', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser(probe([mac, '/usr/bin/chromium'], { platform: 'darwin' }))).toEqual({ path: mac, source: 'system' });
    const win = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(probe([win], { platform: 'win32', env: { PROGRAMFILES: 'C:\\Program Files' } }))).toEqual({ path: win, source: 'system' });
  });
});

describe('noBrowserMessage', () => {
  it('tells a Linux user the packages to install, and the other ways out', () => {
    const message = noBrowserMessage('linux');
    expect(message).toContain('apt-get install chromium fonts-noto-core');
    expect(message).toContain('--browser PATH');
    expect(message).toContain('PUPPETEER_EXECUTABLE_PATH');
    expect(message).toContain('--no-pdf');
  });

  it('does not tell a macOS user to use apt-get', () => {
    expect(noBrowserMessage('darwin')).not.toContain('apt-get');
    expect(noBrowserMessage('darwin')).toContain('Google Chrome');
  });
});

describe('notes build --browser /nonexistent', () => {
  it('exits 1, writes nothing, and says what to install (browser-missing)', async () => {
    const dir = await testdir({ 'notes/c/collection.yaml': FORUM_YAML, 'notes/c/w1.md': conceptNote() });
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const notes = path.join(dir, 'notes');
    const out = path.join(dir, 'out');
    const { code, stdout, stderr } = await runCli(['build', '--notes', notes, '--out', out, '--browser', '/nonexistent']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${path.relative(process.cwd(), path.join(notes, 'c/collection.yaml'))}  error  The browser /nonexistent (from --browser) does not exist or cannot be run. ${noBrowserMessage(process.platform)}  browser-missing\n` +
        '1 error, 0 warnings\n' +
        `Wrote 0 files to ${out}: 0 HTML and 0 PDF note editions, 0 HTML and 0 PDF combined documents.\n`,
    );
    expect(stderr).toContain('apt-get install chromium fonts-noto-core');
    expect(existsSync(out)).toBe(false);
  });
});

describe('what counts as a program to start', () => {
  it('knows programs by their first bytes: ELF, Mach-O, PE and #! scripts; nothing else', async () => {
    const { startsAsProgram } = await import('../../src/print/find-browser.js');
    const bytes = (hex: string): Uint8Array => Buffer.from(hex, 'hex');
    expect(startsAsProgram(bytes('7f454c46'))).toBe(true);
    expect(startsAsProgram(bytes('cffaedfe'))).toBe(true);
    expect(startsAsProgram(bytes('cafebabe'))).toBe(true);
    expect(startsAsProgram(bytes('4d5a9000'))).toBe(true);
    expect(startsAsProgram(Buffer.from('#!/bin/sh'))).toBe(true);
    expect(startsAsProgram(Buffer.from('echo'))).toBe(false);
    expect(startsAsProgram(bytes(''))).toBe(false);
  });

  it('a folder, a text file and a missing path are not programs; /bin/sh is', async () => {
    const { isExecutable } = await import('../../src/print/find-browser.js');
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'notes-exe-'));
    await writeFile(path.join(dir, 'text'), 'echo hi\n', { mode: 0o755 });
    expect(isExecutable(dir)).toBe(false);
    expect(isExecutable(path.join(dir, 'text'))).toBe(false);
    expect(isExecutable(path.join(dir, 'missing'))).toBe(false);
    expect(isExecutable('/bin/sh')).toBe(true);
  });
});

describe("puppeteer's own browser", () => {
  it.skipIf(process.platform !== 'linux')('is the newest Chrome in puppeteer’s cache folder (then chrome-headless-shell), found without starting anything', async () => {
    const { puppeteerBrowser } = await import('../../src/print/find-browser.js');
    const { mkdir, mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const cache = await mkdtemp(path.join(tmpdir(), 'notes-pptr-'));
    expect(await puppeteerBrowser({ PUPPETEER_CACHE_DIR: cache })).toBeUndefined();
    await mkdir(path.join(cache, 'chrome-headless-shell', 'linux-140.0.7339.80', 'chrome-headless-shell-linux64'), { recursive: true });
    expect(await puppeteerBrowser({ PUPPETEER_CACHE_DIR: cache })).toBe(
      path.join(cache, 'chrome-headless-shell', 'linux-140.0.7339.80', 'chrome-headless-shell-linux64', 'chrome-headless-shell'),
    );
    for (const build of ['99.0.4844.51', '131.0.6778.85', '131.0.6778.9']) await mkdir(path.join(cache, 'chrome', `linux-${build}`, 'chrome-linux64'), { recursive: true });
    expect(await puppeteerBrowser({ PUPPETEER_CACHE_DIR: cache })).toBe(path.join(cache, 'chrome', 'linux-131.0.6778.85', 'chrome-linux64', 'chrome'));
    expect(await puppeteerBrowser({ PUPPETEER_CACHE_DIR: path.join(cache, 'none') })).toBeUndefined();
  });
});
