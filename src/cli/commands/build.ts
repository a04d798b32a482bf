import { formatDiagnostics, reportStream, type Format } from '../../diagnostics/reporters/index.js';
import { runBuild } from '../../pipeline/index.js';
import type { Shard } from '../../pack/shard.js';
import { checkOutputFolder, LockNotAFile, OutputBusy, realPathOf, type FolderNames } from '../../write/write.js';
import { interruption, onCleanup } from '../cleanup.js';
import { detail, say, UsageError, useColor, type Io } from '../io.js';
import { findBrowser, isExecutable, puppeteerBrowser } from '../../print/find-browser.js';
import { cacheDirFor } from '../../cache/pdf-cache.js';
import { memoDirFor } from '../../cache/note-memo.js';
import { terminalSafe } from '../../diagnostics/report.js';
import { createProgress } from '../progress.js';
import { isStored, isWorkshop, UnknownLanguages, type Output } from '../../pack/pack.js';
import { pageCount as countPages } from '../../print/pdf-document.js';
import { resolveScope } from '../scope.js';
import { resourcesFor } from '../theme.js';
import type { LoadedConfig } from '../../config/load.js';
import { count } from '../../diagnostics/count.js';
import type { FormatId } from '../../formats/formats.js';

/** Options of `notes build`. */
export interface BuildOptions {
  notes: string;
  out: string;
  forum?: string;
  workshop?: number;
  format: Format;
  pdf: boolean;
  browser?: string;
  browserEndpoint?: string;
  shard?: Shard;
  force?: boolean;
  concurrency?: number;
  timeout?: number;
  zip?: boolean;
  /** Only these language editions (`--lang`). */
  lang?: string[];
  /** Warnings fail the build too (exit 1). */
  strict?: boolean;
  /** How the folders were named, for messages (`--out`, or the config's key); default the flags. */
  names?: FolderNames;
  /** The config read, whose theme the documents take. */
  config?: LoadedConfig | undefined;
}

/** The closing line: notes, PDFs and pages, time, cache hits, PDFs that failed, problems. */
export function summary(result: { project: { notes: readonly unknown[] }; outputs: readonly Output[]; diagnostics: readonly { severity: string; ruleId?: string }[]; cached: number; remembered?: { notes: number } | undefined }, ms: number): string {
  const pdfs = result.outputs.filter((o) => o.format === 'pdf');
  const pages = pdfs.reduce((sum, o) => sum + pageCount(o.content), 0);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  const failed = result.diagnostics.filter((d) => d.ruleId === 'print-failed').length;
  const n = count;
  return `Done in ${(ms / 1000).toFixed(1)} s: ${n(result.project.notes.length, 'note')} read${result.remembered?.notes ? ` (${result.remembered.notes} unchanged, from the memo)` : ''}, ${n(pdfs.length, 'PDF')} of ${n(pages, 'page')} (${result.cached} unchanged, from the cache)${failed ? `, ${n(failed, 'PDF')} failed` : ''}, ${n(errors, 'error')}, ${n(warnings, 'warning')}.`;
}

/** The pages of a PDF notes wrote (counted when it was printed, when it is kept in a file). */
export function pageCount(content: Output['content']): number {
  return isStored(content) ? content.pages ?? 0 : countPages(content);
}

/**
 * What --verbose says of the browser before a build: the one found by the build's own search
 * (findBrowser, with the same inputs) and why, the endpoint, or none with --no-pdf.
 */
async function browserLine(options: BuildOptions, env: Record<string, string | undefined>): Promise<string> {
  if (!options.pdf) return 'Browser: none (--no-pdf: HTML only).';
  if (options.browserEndpoint !== undefined) return `Browser: the one running at ${terminalSafe(options.browserEndpoint)} (--browser-endpoint or the config).`;
  const own = await puppeteerBrowser(env);
  const choice = findBrowser({ option: options.browser, env, platform: process.platform, isExecutable, puppeteerBrowser: () => own });
  if (!choice || 'error' in choice) return 'Browser: none found (the build reports browser-missing).';
  const why = { option: 'from --browser or the config', environment: 'from PUPPETEER_EXECUTABLE_PATH', system: 'the first Chrome or Chromium found on this system', puppeteer: "puppeteer's own, as no Chrome or Chromium is installed" }[choice.source];
  return `Browser: ${terminalSafe(choice.path)} (${why}).`;
}

/** File-system errors a user can cause or fix, in words. */
const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  ENOTDIR: 'a file stands where a folder is needed',
  EISDIR: 'a folder stands where a file is needed',
};

/** `notes build`: validate everything, then write every valid note's editions and the packs. */
export async function buildCommand(options: BuildOptions, io: Io): Promise<number> {
  const started = Date.now();
  if (options.format === 'junit') throw new UsageError('--format junit is for notes validate (one test case per note checked): run notes validate --format junit, and build with --format text, json or github.');
  const progress = createProgress(io);
  await resolveScope(options.notes, []);
  const problem = await checkOutputFolder(options.out, options.notes, options.names);
  if (problem) throw new UsageError(problem);
  // The build writes to the folder it checked: its real path, so no link on the way can change it.
  const out = (await realPathOf(options.out)).path;
  const resources = await resourcesFor(options.config);
  if (io.verbosity === 'verbose') detail(io, await browserLine(options, io.env));
  const result = await runBuild(options.notes, out, {
    ...(options.forum !== undefined && { collection: options.forum }),
    ...(options.workshop !== undefined && { workshop: options.workshop }),
    ...(options.browser !== undefined && { browser: options.browser }),
    ...(options.browserEndpoint !== undefined && { browserEndpoint: options.browserEndpoint }),
    ...(options.shard !== undefined && { shard: options.shard }),
    ...(options.lang !== undefined && { languages: options.lang }),
    force: options.force === true,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.timeout !== undefined && { timeoutMs: options.timeout * 1000 }),
    pdf: options.pdf,
    zip: options.zip === true,
    env: io.env,
    onNotice: (message) => say(io, `warning: ${terminalSafe(message)}`),
    onProgress: (event) => progress.update(event),
    onCleanup,
    signal: interruption,
  }, resources).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof UnknownLanguages || error instanceof LockNotAFile) throw new UsageError(error.message);
    if (error instanceof OutputBusy) {
      io.stderr.write(`${error.message}\n`);
      return 'busy' as const;
    }
    if (typeof error.code === 'string' && WRITE_ERRORS[error.code]) {
      io.stderr.write(`Could not write ${terminalSafe(error.path ?? options.out)}: ${WRITE_ERRORS[error.code]}. The notes were not changed; files written before this one are complete.\n`);
      return undefined;
    }
    throw error;
  });
  progress.finish();
  if (result === 'busy') return 3;
  if (!result) return 1;
  const { project, outputs, diagnostics, cached, remembered } = result;
  if (options.forum !== undefined && !project.collections.some((c) => c.data?.id === options.forum)) {
    throw new UsageError(`There is no collection "${options.forum}": the ids are ${project.collections.map((c) => c.data?.id).filter(Boolean).join(', ')}.`);
  }
  const workshop = options.workshop;
  if (workshop !== undefined && outputs.length === 0 && !project.notes.some((f) => f.data.note !== undefined && isWorkshop(f.data.note, resources.kinds, workshop))) {
    throw new UsageError(`There is no workshop ${workshop}${options.forum ? ` in "${options.forum}"` : ''}.`);
  }
  const text = formatDiagnostics(options.format, diagnostics, useColor(io, io.stderr), { summary: io.verbosity !== 'quiet' });
  if (reportStream(options.format) === 'stdout') io.stdout.write(text);
  else if (text) io.stderr.write(text);
  const of = (kind: string, format: FormatId): number => outputs.filter((o) => o.kind === kind && o.format === format).length;
  say(
    io,
    `Wrote ${count(outputs.length, 'file')} to ${options.out}: ${of('note', 'html')} HTML and ${of('note', 'pdf')} PDF note editions, ${of('combined', 'html')} HTML and ${of('combined', 'pdf')} PDF combined documents.`,
  );
  const n = count;
  if (remembered) detail(io, `Note memo: ${remembered.notes} of ${n(project.notes.length, 'note')} unchanged since the last build, ${n(remembered.renders, 'rendering')} reused (kept in ${terminalSafe(memoDirFor(options.notes, { ...process.env, ...io.env }))}).`);
  const pdfs = outputs.filter((o) => o.format === 'pdf').length;
  if (pdfs > 0) detail(io, `PDF cache: ${cached} of ${n(pdfs, 'PDF')} unchanged, taken from ${terminalSafe(cacheDirFor(out))}${options.force ? ' (--force: none read, all printed again)' : ''}.`);
  if (outputs.length > 0) say(io, summary({ project, outputs, diagnostics, cached, remembered }, Date.now() - started));
  if (outputs.length === 0) return 1;
  return diagnostics.some((d) => d.severity === 'error' || options.strict === true) ? 1 : 0;
}
