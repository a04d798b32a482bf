import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import puppeteer, { type Browser, type ConnectionTransport, type HTTPRequest, type LaunchOptions, type Page } from 'puppeteer-core';
import { processAlive } from '../model/process-alive.js';

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
  /** Aborted when the user interrupts: a browser still starting is stopped (and its profile removed). */
  signal?: AbortSignal;
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

/**
 * The browser could not be started (or a remote one reached): no document can be printed with it.
 * `final` when starting it again would not help (it hung until its deadline, or the build was
 * interrupted).
 */
export class BrowserStartError extends Error {
  constructor(
    message: string,
    readonly final = false,
  ) {
    super(message);
  }
}

/**
 * How long a browser may take to start, or a remote one to answer: as long as one document may
 * take to print, but at least 10 s (Chromium's cold start on a busy CI runner) and at most 60 s.
 */
export function startDeadline(timeoutMs: number): number {
  return Math.min(Math.max(timeoutMs, 10_000), 60_000);
}

/** A browser that answered, and its version. */
interface Started {
  browser: Browser;
  version: string;
}

/**
 * Launch one browser for the whole build. Pages print in parallel up to `concurrency`; each has
 * a deadline; when the browser dies it is relaunched once and the document retried once. Starting
 * has a deadline too ({@link startDeadline}); a browser that fails to start (killed as it starts)
 * is started once more, and one that cannot be started at all is a {@link BrowserStartError},
 * with its profile folder removed.
 */
export async function launchPrinter(options: PrinterOptions): Promise<Printer> {
  const remote = options.endpoint;
  if (!remote) await sweepProfiles();
  const profile = remote ? '' : await mkdtemp(path.join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const deadline = startDeadline(options.timeoutMs);
  const startOnce = (): Promise<Started> =>
    remote
      ? connectRemote(remote, deadline, Math.max(options.timeoutMs, deadline), options.signal)
      : launchLocal(
          {
            executablePath: options.executablePath,
            headless: true,
            userDataDir: profile,
            args: root ? [...ARGS, '--no-sandbox'] : ARGS,
            handleSIGINT: false,
            handleSIGTERM: false,
            handleSIGHUP: false,
            // Talk over a pipe: if notes itself is killed, the pipe closes and Chromium exits too.
            pipe: true,
            // Chromium's own temporary files (its singleton socket) go in its profile, removed with it,
            // even when it is killed and cannot remove them itself.
            env: { ...process.env, TMPDIR: profile },
            timeout: deadline,
          },
          deadline,
          options.signal,
        );
  // A local browser that could not start is started once more, as one that dies while printing
  // is relaunched: a remote one is someone else's, and one that hung would only hang again.
  const start = async (): Promise<Started> => {
    try {
      return await startOnce();
    } catch (error) {
      if (remote || (error instanceof BrowserStartError && error.final)) throw error;
      return startOnce();
    }
  };
  const launch = (): Promise<Browser> => start().then((s) => s.browser);
  let first: Started;
  try {
    first = await start();
  } catch (error) {
    // Its processes were killed; retried, as one may still be writing there while it ends.
    if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
    throw error;
  }
  let active = first.browser;
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
  const version = first.version;
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

/**
 * Run `attempt` with a deadline of `ms` and the user's `outer` signal: it gets a signal of its own,
 * aborted with a final {@link BrowserStartError} when either ends first, and this rejects at
 * once then, whatever `attempt` is still waiting for (it must stop its own work on the signal).
 */
async function withDeadline<T>(ms: number, outer: AbortSignal | undefined, what: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new BrowserStartError(`${what} did not answer within ${ms / 1000} s`, true)), ms);
  const onOuter = (): void => controller.abort(new BrowserStartError('the build was interrupted', true));
  if (outer?.aborted) onOuter();
  outer?.addEventListener('abort', onOuter, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const work = attempt(controller.signal);
    work.catch(() => undefined);
    return await Promise.race([work, aborted]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

/** Launch a local browser and ask its version, within `ms`; on the deadline its processes are killed. */
async function launchLocal(launchOptions: LaunchOptions, ms: number, outer: AbortSignal | undefined): Promise<Started> {
  try {
    // puppeteer kills the browser's whole process group when `signal` is aborted.
    return await withDeadline(ms, outer, 'it', async (signal) => {
      // Over a pipe, puppeteer waits as long as any process holds the pipe open, even once the
      // browser has died (killed as it started): so notes looks for it itself, and a browser
      // that is gone is a start that failed (started once more), not one that hung (final).
      const own = new AbortController();
      const follow = (): void => own.abort(signal.reason);
      if (signal.aborted) follow();
      signal.addEventListener('abort', follow, { once: true });
      // Looking stops once the launch ends either way; `own` (which kills the browser when
      // aborted, for its whole life) is aborted only when the browser is gone or the deadline passes.
      const looking = new AbortController();
      const gone = browserGone(launchOptions.userDataDir, looking.signal).then(() => {
        const error = new BrowserStartError('it exited as it started');
        own.abort(error);
        throw error;
      });
      gone.catch(() => undefined);
      try {
        const browser = await Promise.race([puppeteer.launch({ ...launchOptions, signal: own.signal }), gone]);
        return { browser, version: await browser.version() };
      } finally {
        looking.abort();
      }
    });
  } catch (error) {
    throw startError(error);
  }
}

/**
 * Resolves once no process of this machine runs with `--user-data-dir=<profile>` (the browser we
 * launched, and its wrapper if it has one), looking every 250 ms after the first second; never
 * where there is no /proc to look in. Stops looking when `stop` is aborted.
 */
async function browserGone(profile: string | undefined, stop: AbortSignal): Promise<void> {
  if (!profile || process.platform !== 'linux') return new Promise(() => undefined);
  const flag = `--user-data-dir=${profile}`;
  const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
  await wait(1000);
  while (!stop.aborted) {
    const pids = await readdir('/proc').catch(() => undefined);
    if (!pids) return new Promise(() => undefined);
    let found = false;
    for (const pid of pids) {
      if (!/^\d+$/.test(pid)) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      // As a substring: a browser may rewrite its process title into one string (its children do).
      if (cmdline.includes(flag)) {
        found = true;
        break;
      }
    }
    if (!found) return;
    await wait(250);
  }
  return new Promise(() => undefined);
}

/**
 * Connect to a running browser (`ws://…`, or `http://host:port` whose /json/version names its
 * WebSocket), within `ms`: the address lookup, the WebSocket handshake and the first DevTools
 * answers all count. A socket left half-open is closed, so nothing keeps notes waiting.
 */
async function connectRemote(endpoint: string, ms: number, protocolTimeout: number, outer: AbortSignal | undefined): Promise<Started> {
  let socket: RemoteSocket | undefined;
  try {
    return await withDeadline(ms, outer, 'it', async (signal) => {
      const url = /^wss?:/i.test(endpoint) ? endpoint : await webSocketOf(endpoint, signal);
      socket = await openSocket(url, signal);
      const browser = await puppeteer.connect({ transport: new SocketTransport(socket), protocolTimeout });
      return { browser, version: await browser.version() };
    });
  } catch (error) {
    socket?.terminate();
    throw startError(error);
  }
}

/** The WebSocket address a DevTools HTTP endpoint gives at /json/version. */
async function webSocketOf(base: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(new URL('/json/version', base), { signal });
  if (!response.ok) throw new BrowserStartError(`${new URL('/json/version', base).href} answered ${response.status}`);
  const url = ((await response.json()) as { webSocketDebuggerUrl?: unknown }).webSocketDebuggerUrl;
  if (typeof url !== 'string') throw new BrowserStartError(`${new URL('/json/version', base).href} does not name a webSocketDebuggerUrl`);
  return url;
}

/** What notes uses of a `ws` WebSocket. */
interface RemoteSocket {
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'open', listener: () => void): void;
  send(data: string): void;
  close(): void;
  terminate(): void;
}

/** The WebSocket library puppeteer itself uses (`ws`, a dependency of ours too, so one copy). */
function webSocketClass(): new (url: string, protocols: string[], options: Record<string, unknown>) => RemoteSocket {
  return createRequire(import.meta.url)('ws') as new (url: string, protocols: string[], options: Record<string, unknown>) => RemoteSocket;
}

/** Open a WebSocket to `url`; aborting `signal` ends the attempt (and the socket) at once. */
function openSocket(url: string, signal: AbortSignal): Promise<RemoteSocket> {
  return new Promise((resolve, reject) => {
    const Socket = webSocketClass();
    // As puppeteer opens it; the handshake is bounded by `signal`, the messages by maxPayload.
    const socket = new Socket(url, [], { followRedirects: true, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    const onAbort = (): void => {
      socket.terminate();
      reject(signal.reason);
    };
    // A socket ended before it opened reports an error: always listened to, never thrown.
    socket.on('error', (error) => reject(error));
    socket.on('open', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** puppeteer's side of a {@link RemoteSocket}. */
class SocketTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  constructor(private readonly socket: RemoteSocket) {
    socket.on('message', (data) => this.onmessage?.(data.toString()));
    socket.on('close', () => this.onclose?.());
  }
  send(message: string): void {
    this.socket.send(message);
  }
  close(): void {
    this.socket.close();
    // A browser that never answers the closing handshake must not keep notes waiting (ws waits 30 s).
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }
}

/** A start failure in words: the first line of what went wrong, control characters shown escaped. */
function startError(error: unknown): BrowserStartError {
  if (error instanceof BrowserStartError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const first = (raw.split('\n').find((line) => line.trim() !== '') ?? raw).trim();
  const line = first.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return new BrowserStartError(line.length > 300 ? `${line.slice(0, 299)}…` : line);
}
