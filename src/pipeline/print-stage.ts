import { realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { cacheDirFor, openCache, pdfKey } from '../cache/pdf-cache.js';
import { Interrupted } from '../model/interrupted.js';
import type { Output } from '../pack/pack.js';
import { findBrowser, isExecutable, noBrowserMessage, puppeteerBrowser } from '../print/find-browser.js';
import { printOutputs, type PrintFailure } from '../print/print-outputs.js';
import { BrowserStartError, launchPrinter, type Printer } from '../print/printer.js';

/** Where a build prints: a browser it launches (and why that one), or one already running. */
export type PrintTarget = { executablePath: string; source: string } | { endpoint: string };

/**
 * The browser a build prints with, chosen before anything is rendered (so a machine without one
 * fails at once): --browser-endpoint, else the one findBrowser finds. A `problem` says what to install.
 */
export async function choosePrintTarget(options: { browser?: string; browserEndpoint?: string }, env: Record<string, string | undefined>): Promise<PrintTarget | { problem: string }> {
  if (options.browserEndpoint) return { endpoint: options.browserEndpoint };
  const own = await puppeteerBrowser(env);
  const choice = findBrowser({ option: options.browser, env, platform: process.platform, isExecutable, puppeteerBrowser: () => own });
  if (!choice || 'error' in choice) return { problem: choice ? `${choice.error} ${noBrowserMessage(process.platform)}` : noBrowserMessage(process.platform) };
  const source = { option: 'from --browser or the config', environment: 'from PUPPETEER_EXECUTABLE_PATH', system: 'found on this system', puppeteer: "puppeteer's own" }[choice.source];
  return { executablePath: choice.path, source };
}

/** How to print a build's documents. */
export interface PrintStageOptions {
  /** The output folder (its PDF cache is kept per output folder). */
  out: string;
  /** notes' version: the cache's and the PDFs' Creator. */
  version: string;
  /** Print everything again, reading nothing from the cache (and caching the new PDFs). */
  force?: boolean;
  concurrency?: number;
  timeoutMs?: number;
  sourceDate?: Date | undefined;
  signal?: AbortSignal;
  onProgress?: (event: { done: number; total: number; path: string; cached: boolean; failed?: boolean }) => void;
  onNotice?: (message: string) => void;
  onCleanup?: (cleanup: () => Promise<void>) => () => void;
  onPrinter?: (printer: Printer) => void;
}

/** What printing gave: the PDFs, how many came from the cache, the documents that failed; or why the browser could not be used. */
export type PrintStageResult = { pdfs: Output[]; cached: number; failures: PrintFailure[] } | { problem: string };

/**
 * The PDF format's stage, composed: print every document of `html` that carries metadata, with the PDF
 * cache around it. The browser is launched only when a document is not in the cache, and is
 * closed at the end (and on an interrupt, through onCleanup).
 */
export async function printStage(html: readonly Output[], target: PrintTarget, options: PrintStageOptions): Promise<PrintStageResult> {
  const browser = 'endpoint' in target ? target.endpoint : await browserIdentity(target.executablePath);
  // The cache folder comes from the process environment, as the memo's does.
  const cacheDir = cacheDirFor(options.out);
  const found = await openCache(options.out, options.version, cacheDir, { ...(options.onNotice && { onNotice: options.onNotice }) });
  const cache = options.force ? { ...found, get: async () => undefined } : found;
  if (cache.discarded) options.onNotice?.(`The PDF cache in ${cacheDir} was discarded: ${cache.discarded}.`);
  let launching: Promise<Printer> | undefined;
  let unregister = (): void => undefined;
  const printer = (): Promise<Printer> => {
    if (!launching) {
      launching = launchPrinter({
        ...('endpoint' in target ? { endpoint: target.endpoint } : { executablePath: target.executablePath }),
        concurrency: options.concurrency ?? availableParallelism(),
        timeoutMs: options.timeoutMs ?? 60_000,
        ...(options.signal && { signal: options.signal }),
      });
      // Registered before the launch ends, so an interrupt during the launch still closes it.
      const launched = launching;
      unregister = options.onCleanup?.(async () => (await launched.catch(() => undefined))?.close()) ?? (() => undefined);
      launched.then((p) => options.onPrinter?.(p)).catch(() => undefined);
    }
    return launching;
  };
  try {
    // The cache is a step around printing: printing asks it by key, and never computes one.
    const store = {
      keyOf: (output: Output) => pdfKey({ html: output.content as string, meta: output.meta, lang: output.lang, tool: options.version, browser, sourceDate: options.sourceDate }),
      get: (key: string) => cache.get(key),
      put: (key: string, pdf: Uint8Array) => cache.put(key, pdf),
      ...(cache.fileOf && { fileOf: (key: string) => cache.fileOf?.(key) }),
    };
    const printed = await printOutputs(html, {
      printer,
      store,
      version: options.version,
      ...(options.sourceDate && { sourceDate: options.sourceDate }),
      ...(options.onProgress && { onProgress: options.onProgress }),
    });
    if (options.signal?.aborted) throw new Interrupted('interrupted');
    const launchError = launching ? await launching.then(() => undefined, (error: unknown) => error) : undefined;
    if (launchError) {
      // A browser that cannot be started, or reached, is the user's to fix: say which and why.
      if (!(launchError instanceof BrowserStartError)) throw launchError;
      return {
        problem:
          'endpoint' in target
            ? `The browser at ${target.endpoint} could not be reached (${launchError.message}): check --browser-endpoint, or that the browser (or browserless pool) is running.`
            : `The browser ${target.executablePath} (${target.source}) could not be started: ${launchError.message}. Check that it is Chrome or Chromium and that it runs on this machine, or pass --browser PATH.`,
      };
    }
    await cache.save();
    return printed;
  } finally {
    unregister();
    await (await launching?.catch(() => undefined))?.close();
  }
}

/** What tells one local browser from another without starting it: its real path, size and date. */
async function browserIdentity(executable: string): Promise<string> {
  const real = await realpath(executable).catch(() => executable);
  const info = await stat(real).catch(() => undefined);
  return `${real}:${info?.size ?? 0}:${info?.mtimeMs ?? 0}`;
}
