import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { VFile } from 'vfile';
import { collectDiagnostics, report, type Diagnostic } from '../diagnostics/report.js';
import type { Project } from '../model/types.js';
import type { Printer } from '../print/printer.js';
import { choosePrintTarget, printStage } from './print-stage.js';
import { compileTemplates } from '../render/templates.js';
import { referencedImages } from '../validate/images.js';
import { Interrupted } from '../model/interrupted.js';
import { load, loadAssets } from '../load/load.js';
import { addManifests } from '../pack/manifest.js';
import { planBuild, type Output, type Selection } from '../pack/pack.js';
import type { Shard } from '../pack/shard.js';
import { emptyMemo, memoDirFor, openMemo, type NoteMemo } from '../cache/note-memo.js';
import { createParser, reparseBody } from '../parse/parse.js';
import { rememberedRenders, renderFingerprint, renderStep } from '../cache/render-step.js';
import { fingerprintOf, loadResources, type Resources } from '../load/resources.js';
import { compileSchemas, type Validators } from '../validate/schema.js';
import { validateCollections, validateProject, type ValidateContext } from '../validate/validate.js';
import { prepareInParallel } from '../workers/pool.js';
import { memoStep } from '../cache/validate-step.js';
import { contentBytes, lockOutput, sweepOutput, writeOutputs } from '../write/write.js';
import { FORMATS, inFormat, type FormatId } from '../formats/formats.js';

/** The result of a run: the project as validated and every diagnostic. */
export interface RunResult {
  project: Project;
  diagnostics: Diagnostic[];
}

/** How to validate. */
export interface ValidateRunOptions {
  /** Use and keep the note memo (unchanged notes are not parsed again); default false. */
  memo?: boolean;
  /** Use nothing remembered, but remember this run (`--force`). */
  fresh?: boolean;
  /** Keep trees after validation (a build renders from them); default true. */
  keepTrees?: boolean;
  /** Write the memo back at the end (a build does it itself, after rendering); default true. */
  saveMemo?: boolean;
  /** For a build: worker threads render the notes they check, too. */
  render?: boolean;
  env?: Record<string, string | undefined>;
  /** Told once when the memo cannot be written (a full or read-only cache disk): the run goes on without it. */
  onNotice?: (message: string) => void;
}

/** load → parse → validate, for `notes validate` and as the first half of a build. */
export async function runValidate(
  notes: string,
  only: readonly string[] = [],
  resources?: Resources,
  options: ValidateRunOptions = {},
): Promise<RunResult & { resources: Resources; validators: Validators; fingerprint: string; memo?: NoteMemo }> {
  const res = resources ?? (await loadResources());
  const project = await load(notes, only);
  const validators = compileSchemas(res.schemas, res.kinds);
  const fingerprint = await fingerprintOf(res);
  const env = { ...process.env, ...options.env };
  const memo = options.memo ? await openMemo(memoDirFor(notes, env), fingerprint, { fresh: options.fresh === true, ...(options.onNotice && { onNotice: options.onNotice }) }).catch(() => emptyMemo()) : undefined;
  const context: ValidateContext = {
    parser: createParser(),
    validators,
    messages: res.messages,
    ...(options.keepTrees !== undefined && { keepTrees: options.keepTrees }),
  };
  validateCollections(project, context);
  // NOTES_WORKERS=N checks with N worker threads even a few notes (0: none); by default, the
  // cores, from 100 notes to check on.
  const forced = /^\d+$/.test(env['NOTES_WORKERS'] ?? '') ? Number(env['NOTES_WORKERS']) : undefined;
  const prepared = await prepareInParallel(project, { memo, fingerprint }, { schemas: res.schemas, messages: res.messages, kinds: res.kinds }, {
    ...(forced !== undefined && { workers: forced, min: 1 }),
    keepTrees: options.keepTrees !== false,
    ...(options.render && { render: { root: notes, templates: res.templates, styles: res.styles, version: res.version, ...(res.theme && { theme: res.theme }) } }),
  });
  // The memo is a step around the stage: restore each unchanged note, check the rest, remember them.
  const step = memo || prepared.size > 0 ? memoStep({ ...(memo && { memo }), fingerprint, files: project.files, prepared, ...(options.keepTrees !== undefined && { keepTrees: options.keepTrees }) }) : undefined;
  validateProject(project, { ...context, ...(step && { step }) });
  // A memo that cannot be written costs the next run time, never this run its result.
  if (memo && options.saveMemo !== false) await memo.save({ prune: only.length === 0 }).catch(() => undefined);
  return { project, resources: res, validators, fingerprint, diagnostics: collectDiagnostics(allFiles(project)), ...(memo && { memo }) };
}

/** The result of a build: what was written, and how many PDFs came from the cache. */
export interface BuildResult extends RunResult {
  outputs: Output[];
  cached: number;
  /** Notes restored from the memo unchanged, and renderings reused. */
  remembered?: { notes: number; renders: number };
}

/** How to build. */
export interface BuildOptions extends Selection {
  /** Print PDF editions (default true). */
  pdf?: boolean;
  /** The browser to print with (`--browser`); otherwise one is looked for. */
  browser?: string;
  /** Print on this running browser instead of launching one (`--browser-endpoint`, ws:// or http://). */
  browserEndpoint?: string;
  /** Build only this part of the outputs (`--shard i/n`). */
  shard?: Shard;
  /** Print every PDF again and check and render every note again, ignoring the caches (`--force`). */
  force?: boolean;
  /** Use the note memo (default true): unchanged notes are neither parsed nor rendered again. */
  cache?: boolean;
  /** Told as each PDF is done: printed, unchanged from the cache, or failed. */
  onProgress?: (event: { done: number; total: number; path: string; cached: boolean; failed?: boolean }) => void;
  /** Pages printed at once (default: the number of cores). */
  concurrency?: number;
  /** Deadline for one page, in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Also write one zip archive per pack. */
  zip?: boolean;
  env?: Record<string, string | undefined>;
  /** Registers a clean-up to run on Ctrl-C; returns a function that unregisters it. */
  onCleanup?: (cleanup: () => Promise<void>) => () => void;
  /** Called with the printer once it runs (tests use it to kill the browser). */
  onPrinter?: (printer: Printer) => void;
  /** Aborted when the user interrupts: the build stops before writing anything more. */
  signal?: AbortSignal;
  /** Told what the build did that the user should know of (a symbolic link replaced in the output). */
  onNotice?: (message: string) => void;
  /** Called as each output file is moved into place (its path relative to the output folder). */
  onWritten?: (relative: string) => void | Promise<void>;
}

export { Interrupted };

/** load → parse → validate → render → print → pack → write, for `notes build`. */
export async function runBuild(notes: string, out: string, options: BuildOptions = {}, resources?: Resources): Promise<BuildResult> {
  // One build at a time in an output folder; what a killed build left behind is swept first.
  const existed = existsSync(out);
  // A build that wrote nothing (refused, failed, or interrupted) leaves no empty output folder behind.
  const tidy = async (): Promise<void> => {
    if (!existed) await rmdir(out).catch(() => undefined);
  };
  const release = await lockOutput(out).catch(async (error: unknown) => {
    await tidy();
    throw error;
  });
  const unregister = options.onCleanup?.(async () => {
    await sweepOutput(out).catch(() => undefined);
    await release();
    await tidy();
  }) ?? (() => undefined);
  try {
    await sweepOutput(out);
    return await buildLocked(notes, out, options, resources);
  } finally {
    unregister();
    await release();
    await tidy();
  }
}

async function buildLocked(notes: string, out: string, options: BuildOptions, resources?: Resources): Promise<BuildResult> {
  const env = options.env ?? process.env;
  // Worker threads render every note ahead; a shard renders only the notes its outputs need, after validation.
  const { project, resources: res, memo, fingerprint } = await runValidate(notes, [], resources, { memo: options.cache !== false, fresh: options.force === true, saveMemo: false, env, render: options.shard === undefined, ...(options.onNotice && { onNotice: options.onNotice }) });
  const sourceDate = parseSourceDate(env['SOURCE_DATE_EPOCH']);

  // The formats of this build: HTML always, PDF unless --no-pdf. PDF needs a browser, chosen
  // before anything is rendered so that a machine without one fails at once.
  const formats: FormatId[] = options.pdf === false ? ['html'] : ['html', 'pdf'];
  const stopped = (message: string): BuildResult => {
    const file = project.collections[0]?.file ?? project.notes[0];
    if (file) report(file, 'browser-missing', message);
    return { project, outputs: [], cached: 0, diagnostics: collectDiagnostics(allFiles(project)) };
  };
  const target = formats.includes('pdf') ? await choosePrintTarget(options, env) : undefined;
  if (target && 'problem' in target) return stopped(target.problem);

  const assets = await loadAssets(notes, referencedImages(project));
  const parser = createParser();
  const renders = memo ? await rememberedRenders(project, memo, renderFingerprint(fingerprint, assets)) : undefined;
  const planned = planBuild(project, options, {
    templates: compileTemplates(res.templates),
    messages: res.messages,
    kinds: res.kinds,
    styles: res.styles,
    version: res.version,
    ...(res.theme && { theme: res.theme }),
    assets,
    reparse: (file) => reparseBody(file, parser),
    render: renderStep(renders),
  }, options.shard);
  if (memo && renders) {
    // Remembered for the next build; a memo that cannot be written only costs that build time.
    try {
      const limit = pLimit(16);
      await Promise.all([...renders.made].map(([key, entry]) => limit(() => memo.putRender(key, entry))));
      await memo.save();
    } catch {
      // see above
    }
    // The renderings are in the outputs now: let go of the copies (chapters are not needed again).
    renders.made.clear();
    (renders.found as Map<string, unknown>).clear();
  }
  for (const file of project.notes) {
    delete file.data.prerendered;
    delete file.data.tree;
  }
  const html = planned;

  let pdfs: Output[] = [];
  let cached = 0;
  if (target) {
    const printed = await printStage(html, target, {
      out,
      version: res.version,
      force: options.force === true,
      sourceDate,
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.signal && { signal: options.signal }),
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(options.onNotice && { onNotice: options.onNotice }),
      ...(options.onCleanup && { onCleanup: options.onCleanup }),
      ...(options.onPrinter && { onPrinter: options.onPrinter }),
    });
    if ('problem' in printed) return stopped(printed.problem);
    pdfs = printed.pdfs;
    cached = printed.cached;
    for (const failure of printed.failures) {
      report(fileOf(project, failure.output), 'print-failed', `The PDF ${inFormat(failure.output.path, FORMATS.pdf)} could not be printed: ${failure.reason}.`);
    }
  }

  // An archive holds its files' bytes: PDFs kept in the cache are read back for it.
  const kept = options.zip === true ? await Promise.all(pdfs.map(async (o) => ({ ...o, content: await contentBytes(o.content) }))) : pdfs;
  const documents = [...html, ...kept].sort((a, b) => a.path.localeCompare(b.path));
  const outputs = [...documents, ...addManifests(documents, { zip: options.zip === true, date: sourceDate ?? new Date(Date.UTC(1980, 0, 2)) })];
  if (options.signal?.aborted) throw new Interrupted('interrupted');
  await writeOutputs(out, outputs, options.onNotice, options.onWritten);
  return { project, outputs, cached, remembered: { notes: memo?.stats.hits ?? 0, renders: memo?.stats.renderHits ?? 0 }, diagnostics: collectDiagnostics(allFiles(project)) };
}

function parseSourceDate(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  const date = new Date(Number(value) * 1000);
  // An epoch past the year 275760 is no date at all: ignored, as a value that is not digits is.
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function fileOf(project: Project, output: Output): VFile {
  const note = project.notes.find((f) => f.data.relative === output.source);
  if (note) return note;
  const collection = project.collections.find((c) => output.path.startsWith(`${c.data?.id}/`));
  return (collection?.file ?? project.notes[0]) as VFile;
}

function allFiles(project: Project): VFile[] {
  return [...project.collections.map((c) => c.file), ...project.notes, ...(project.others ?? [])];
}
