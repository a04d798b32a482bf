import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer';

/** Options of the printer. */
export interface PrinterOptions {
  /** The browser to launch; or */
  executablePath?: string;
  /**
   * an existing browser to print on instead (`--browser-endpoint`): a DevTools WebSocket URL
   * (ws://…, as a browserless pool gives) or an HTTP one (http://host:9222). It is connected to,
   * never launched nor closed.
   */
  endpoint?: string;
  /** Pages printed at once. */
  concurrency: number;
  /** How long one page may take, in milliseconds. */
  timeoutMs: number;
}

/** Prints HTML documents to PDF bytes in one shared browser. */
export interface Printer {
  /** The browser's version, e.g. Chrome/156.0.8078.79. */
  readonly version: string;
  /** Print one standalone HTML document (A4, its own @page CSS) to PDF bytes. */
  print(html: string): Promise<Uint8Array>;
  /** Close the browser and remove its profile; safe to call twice. */
  close(): Promise<void>;
  /** The browser's process id, for tests that kill it. */
  pid(): number | undefined;
  /** The browser's own profile folder (removed on close); empty for a remote browser. */
  readonly profile: string;
}

/** Flags for a quiet, offline, headless browser (see the env notes: no background traffic). */
const ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--font-render-hinting=none',
];

/** A problem printing one document: reported for that document while the others finish. */
export class PrintError extends Error {}

/** Browser profiles are folders `notes-chromium-<pid>-XXXXXX` in the temporary folder. */
const PROFILE_PREFIX = 'notes-chromium-';

/**
 * Remove the profiles of builds that were killed (so could not remove their own): those whose
 * process is gone.
 */
export async function sweepProfiles(dir: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    const pid = Number(new RegExp(`^${PROFILE_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Launch one browser for the whole build. Pages print in parallel up to `concurrency`; each has
 * a deadline; when the browser dies it is relaunched once and the document retried once.
 */
export async function launchPrinter(options: PrinterOptions): Promise<Printer> {
  const remote = options.endpoint;
  if (!remote) await sweepProfiles();
  const profile = remote ? '' : await mkdtemp(path.join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const launch = (): Promise<Browser> =>
    remote
      ? puppeteer.connect({ ...(/^wss?:/i.test(remote) ? { browserWSEndpoint: remote } : { browserURL: remote }), protocolTimeout: 60_000 })
      : puppeteer.launch({
      executablePath: options.executablePath,
      headless: true,
      userDataDir: profile,
      args: root ? [...ARGS, '--no-sandbox'] : ARGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Talk over a pipe: if notes itself is killed, the pipe closes and Chromium exits too.
      pipe: true,
      timeout: 60_000,
    });
  let active = await launch();
  let current: Promise<Browser> = Promise.resolve(active);
  // Pages are kept open and reused, each set up once (a new page costs Chromium a new target and
  // two settings round trips); a page that failed is closed, and each is replaced after PAGE_USES.
  const idle = new WeakMap<Browser, { page: Page; uses: number }[]>();
  const openPage = async (b: Browser): Promise<{ page: Page; uses: number }> => {
    const pooled = idle.get(b)?.pop();
    if (pooled && !pooled.page.isClosed()) return pooled;
    const page = await b.newPage();
    await setUp(page);
    return { page, uses: 0 };
  };
  const version = await active.version();
  const limit = pLimit(Math.max(1, options.concurrency));
  let closed = false;

  async function browser(): Promise<Browser> {
    const seen = current;
    const b = await seen;
    if (b.connected) return b;
    if (closed) throw new PrintError('the printer is closed');
    // One relaunch shared by every job that noticed the browser died: only the first to notice
    // launches; the others wait for that browser (two launches would orphan one).
    if (current === seen) current = launch().then((relaunched) => (active = relaunched));
    return current;
  }

  /** Print once; on failure, say whether the browser this attempt used had died. */
  async function printOnce(html: string): Promise<Uint8Array> {
    const b = await browser();
    let timer: NodeJS.Timeout | undefined;
    let page: { page: Page; uses: number } | undefined;
    let printed = false;
    let onDisconnect: (() => void) | undefined;
    // The deadline covers opening the page too: a hung browser may never answer either.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PrintError(`printing took longer than ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    });
    try {
      const work = (async () => {
        page = await openPage(b);
        const pdf = await render(page.page, html);
        printed = true;
        return pdf;
      })();
      work.catch(() => undefined);
      // puppeteer's wait for a new page does not stop when the browser dies: stop it here.
      const died = new Promise<never>((_, reject) => {
        onDisconnect = () => reject(new PrintError('the browser stopped while printing'));
        if (!b.connected) onDisconnect();
        b.once('disconnected', onDisconnect);
      });
      died.catch(() => undefined);
      return await Promise.race([work, deadline, died]);
    } catch (error) {
      throw Object.assign(asPrintError(error), { browserDied: !b.connected });
    } finally {
      clearTimeout(timer);
      if (onDisconnect) b.off('disconnected', onDisconnect);
      const used = page as { page: Page; uses: number } | undefined;
      if (used && printed && b.connected && !closed && ++used.uses < PAGE_USES) {
        idle.set(b, [...(idle.get(b) ?? []), used]);
      } else {
        // Not awaited: a hung browser would hang here too; closing the browser ends the page anyway.
        void used?.page.close().catch(() => undefined);
      }
    }
  }

  return {
    version,
    profile,
    pid: () => active.process()?.pid,
    print: (html) =>
      limit(async () => {
        try {
          return await printOnce(html);
        } catch (error) {
          // Retry once, on a relaunched browser, when the one this attempt used died.
          if (closed || !(error as { browserDied?: boolean }).browserDied) throw error;
          return await printOnce(html);
        }
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      const b = await current.catch(() => undefined);
      if (remote) {
        // Someone else's browser: leave it running, only let go of it.
        await b?.disconnect().catch(() => undefined);
        return;
      }
      // A browser that does not close within 5 s (hung) is killed.
      const closing = b?.close().catch(() => undefined);
      const gaveUp = await Promise.race([closing?.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5000).unref())]);
      if (gaveUp) b?.process()?.kill('SIGKILL');
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Documents one page prints before it is replaced by a fresh one. */
const PAGE_USES = 50;

/**
 * Set a page up for printing documents: JavaScript off, and every request blocked except
 * inline `data:` URLs (images are inlined by the render stage).
 */
async function setUp(page: Page): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') void request.continue();
    else void request.abort('blockedbyclient');
  });
}

/** Load the document in a page set up by {@link setUp}, then print it. */
async function render(page: Page, html: string): Promise<Uint8Array> {
  await page.setContent(html, { waitUntil: 'load', timeout: 0 });
  const pdf = await page.pdf({
    printBackground: true,
    preferCSSPageSize: true,
    tagged: true,
    timeout: 0,
  });
  return new Uint8Array(pdf);
}

function asPrintError(error: unknown): PrintError {
  if (error instanceof PrintError) return new PrintError(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new PrintError(/Target closed|Connection closed|disconnected|Session closed/i.test(message) ? 'the browser stopped while printing' : message);
}
