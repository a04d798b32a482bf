import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { Browser, getInstalledBrowsers } from '@puppeteer/browsers';

/** A browser to print with, and where it was found. */
export interface BrowserChoice {
  path: string;
  source: 'option' | 'environment' | 'system' | 'puppeteer';
}

/** What {@link findBrowser} may look at; injected so the search is testable without a disk. */
export interface BrowserProbe {
  /** The `--browser` option (or config). */
  option?: string | undefined;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** Whether an executable file exists at this path. */
  isExecutable: (file: string) => boolean;
  /** puppeteer's own browser, if one was downloaded; undefined otherwise. */
  puppeteerBrowser: () => string | undefined;
}

/** Installed Chrome and Chromium, in order of preference, per platform. */
function systemCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  }
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((r): r is string => Boolean(r));
    return roots.flatMap((r) => [path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), path.win32.join(r, 'Chromium', 'Application', 'chrome.exe')]);
  }
  const dirs = (env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter).filter(Boolean);
  const names = ['google-chrome-stable', 'google-chrome', 'chromium', 'chromium-browser'];
  return [...names.flatMap((n) => dirs.map((d) => path.join(d, n))), '/snap/bin/chromium'];
}

/**
 * Find a browser in this order: the `--browser` option, PUPPETEER_EXECUTABLE_PATH, an installed
 * Chrome or Chromium, puppeteer's own downloaded browser. Returns undefined when there is none
 * (or an error message when an explicitly named one does not exist).
 */
export function findBrowser(probe: BrowserProbe): BrowserChoice | { error: string } | undefined {
  if (probe.option) {
    return probe.isExecutable(probe.option) ? { path: probe.option, source: 'option' } : { error: `The browser ${probe.option} (from --browser) does not exist or cannot be run.` };
  }
  const fromEnv = probe.env['PUPPETEER_EXECUTABLE_PATH'];
  if (fromEnv) {
    return probe.isExecutable(fromEnv) ? { path: fromEnv, source: 'environment' } : { error: `The browser ${fromEnv} (from PUPPETEER_EXECUTABLE_PATH) does not exist or cannot be run.` };
  }
  const system = systemCandidates(probe.platform, probe.env).find((p) => probe.isExecutable(p));
  if (system) return { path: system, source: 'system' };
  const own = probe.puppeteerBrowser();
  if (own && probe.isExecutable(own)) return { path: own, source: 'puppeteer' };
  return undefined;
}

/** What to tell a user who has no browser. */
export function noBrowserMessage(platform: NodeJS.Platform): string {
  const install =
    platform === 'darwin'
      ? 'install Google Chrome (https://www.google.com/chrome/)'
      : platform === 'win32'
        ? 'install Google Chrome (https://www.google.com/chrome/)'
        : 'install Chromium and fonts, e.g. `sudo apt-get install chromium fonts-noto-core` on Debian or Ubuntu (or run `bash scripts/setup.sh`)';
  return `No Chrome or Chromium browser was found to print PDFs: ${install}, or pass --browser PATH (or set PUPPETEER_EXECUTABLE_PATH), or run \`npx puppeteer browsers install chrome\`. Use --no-pdf to build HTML only.`;
}

/**
 * Whether `file` is a program this machine can start: a regular file (a folder passes X_OK too),
 * executable, that begins as a program does (ELF, Mach-O, PE, or a `#!` script). Anything else
 * would make the browser's spawn fail with an error event that puppeteer does not listen for.
 */
export function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
  } catch {
    return false;
  }
  const head = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return startsAsProgram(head.subarray(0, readSync(fd, head, 0, 4, 0)));
  } catch {
    // Executable but unreadable (mode --x): the system can still start it.
    return true;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The first bytes of a program: ELF, Mach-O (either byte order, fat or thin), PE (`MZ`), or a `#!` script. */
export function startsAsProgram(head: Uint8Array): boolean {
  const hex = Buffer.from(head).toString('hex');
  if (hex.startsWith('7f454c46') || hex.startsWith('4d5a') || hex.startsWith('2321')) return true;
  return ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe', 'bebafeca'].includes(hex.slice(0, 8));
}

/**
 * The newest Chrome that puppeteer installed (`npx puppeteer browsers install chrome`), looked up
 * in puppeteer's cache folder without starting anything; undefined when there is none.
 */
export async function puppeteerBrowser(env: Record<string, string | undefined>): Promise<string | undefined> {
  const cacheDir = env['PUPPETEER_CACHE_DIR'] ?? path.join(homedir(), '.cache', 'puppeteer');
  const installed = await getInstalledBrowsers({ cacheDir }).catch(() => []);
  const rank = (browser: Browser): number => (browser === Browser.CHROME ? 0 : browser === Browser.CHROMEHEADLESSSHELL ? 1 : 2);
  const newest = installed
    .filter((b) => rank(b.browser) < 2)
    .sort((a, b) => rank(a.browser) - rank(b.browser) || compareBuilds(b.buildId, a.buildId))[0];
  return newest?.executablePath;
}

/** Chrome build ids (`131.0.6778.85`) compared part by part, as numbers. */
function compareBuilds(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
