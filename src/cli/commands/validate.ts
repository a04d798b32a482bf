import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import writeFileAtomic from 'write-file-atomic';
import { onCleanup } from '../cleanup.js';
import { assertNoLinks, discardPending, UnsafePath, writeInside } from '../../write/safe-fs.js';
import { collectDiagnostics, terminalSafe, type Diagnostic } from '../../diagnostics/report.js';
import { formatDiagnostics, reportStream, type Format } from '../../diagnostics/reporters/index.js';
import type { Project } from '../../model/types.js';
import { affectedBy, reportedFiles } from '../../validate/affected.js';
import type { Kinds } from '../../model/kind.js';
import { changedSince, ChangedSinceError } from '../../load/changed.js';
import { applyApostrophes } from '../../translate/apostrophes.js';
import { runValidate } from '../../pipeline/index.js';
import { resourcesFor } from '../theme.js';
import type { LoadedConfig } from '../../config/load.js';
import { detail, say, UsageError, useColor, type Io } from '../io.js';
import { memoDirFor } from '../../cache/note-memo.js';
import { resolveScope } from '../scope.js';
import { count as plural } from '../../diagnostics/count.js';

/** Options of `notes validate`. */
export interface ValidateOptions {
  notes: string;
  format: Format;
  /** Write the safe corrections (Uzbek apostrophes) into the notes, then check again. */
  fix?: boolean;
  /** Report only on the notes changed since this git ref, and the notes a change affects. */
  changedSince?: string;
  /** Warnings fail the run too (exit 1). */
  strict?: boolean;
  /** Write the report to this file (atomically) instead of standard output or error. */
  output?: string;
  /** Use the note memo (default true): unchanged notes are not parsed and checked again. */
  cache?: boolean;
  /** The config read: its theme is checked too (and is part of what the memo remembers). */
  config?: LoadedConfig | undefined;
}

/** What a run reports on: the files it checked and their problems. */
interface Scope {
  checked: VFile[];
  diagnostics: Diagnostic[];
  /** How many of the checked files are notes. */
  notes: number;
}

/** `notes validate [paths…]`: report every problem; exit 1 when there is an error (or a warning, with --strict). */
export async function validateCommand(paths: string[], options: ValidateOptions, io: Io): Promise<number> {
  const only = await resolveScope(options.notes, paths);
  if (options.output !== undefined) await checkOutput(options.output, options.notes);
  const changed = options.changedSince === undefined ? undefined : new Set(await listChanged(options.notes, options.changedSince));
  const resources = await resourcesFor(options.config);

  let scope: Scope = { checked: [], diagnostics: [], notes: 0 };
  // A fix refused (a note that became a link): said, and the run fails.
  let failed = false;
  if (!changed || changed.size > 0) {
    // Cross-note checks need every note, so --changed-since validates the whole project and reports part of it.
    const load = changed ? [] : only;
    let { project, memo } = await runValidate(options.notes, load, resources, { memo: options.cache !== false, keepTrees: false, env: io.env });
    scope = select(project, changed, only, resources.kinds);
    if (options.fix) {
      // Only what is reported is fixed: with --changed-since, the notes a change concerns.
      const reported = new Set(scope.diagnostics.filter((d) => d.ruleId === 'uz-apostrophe' || d.ruleId === 'text-control').map((d) => d.file));
      const { fixed, refused } = await applyFixes(options.notes, scope.checked.filter((f) => project.notes.includes(f) && reported.has(f.path)));
      for (const message of refused) io.stderr.write(`${terminalSafe(message)}\n`);
      if (refused.length > 0) failed = true;
      if (fixed.length > 0) {
        say(io, `Fixed ${fixed.map((f) => `${f.count} in ${terminalSafe(f.path)}`).join(', ')}.`);
        ({ project, memo } = await runValidate(options.notes, load, resources, { memo: options.cache !== false, keepTrees: false, env: io.env }));
        scope = select(project, changed, only, resources.kinds);
      }
    }
    detail(io, memo ? memoLine(memo.stats.hits, project.notes.length, memoDirFor(options.notes, { ...process.env, ...io.env })) : 'Note memo: not used (--no-cache): every note checked again.');
    if (!changed && project.notes.length === 0 && scope.diagnostics.length === 0) {
      io.stderr.write(`No notes found in ${paths.length > 0 ? paths.join(', ') : options.notes}.\n`);
      return 1;
    }
  }

  const { checked, diagnostics, notes } = scope;
  const stream = reportStream(options.format);
  const color = options.output === undefined && useColor(io, io[stream]);
  // --quiet leaves out the text report's count line, never a problem (nor a byte of --output or stdout's formats).
  const summary = options.output !== undefined || io.verbosity !== 'quiet';
  const report = formatDiagnostics(options.format, diagnostics, color, { checked: checked.map((f) => f.path), strict: options.strict === true, summary });
  if (options.output !== undefined) await writeReport(options.output, report);
  else if (report) io[stream].write(report);

  if (changed && notes === 0 && diagnostics.length === 0) {
    say(io, `No notes changed since ${options.changedSince}.`);
  } else if (options.format === 'text' && options.output === undefined) {
    if (!report) say(io, `${plural(notes, 'note')} checked: no problems.`);
  } else if (options.format !== 'json' || options.output !== undefined) {
    // Machines read stdout (or the file); people reading the log get one line.
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const counts = diagnostics.length === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(diagnostics.length - errors, 'warning')}`;
    say(io, `${plural(notes, 'note')} checked: ${counts}.${options.output === undefined ? '' : ` Report written to ${options.output}.`}`);
  }
  const failing = failed || diagnostics.some((d) => d.severity === 'error' || options.strict === true);
  return failing ? 1 : 0;
}

/** The files and problems to report: everything read, or what the changed files affect (within `only`). */
function select(project: Project, changed: ReadonlySet<string> | undefined, only: readonly string[], kinds: Kinds): Scope {
  if (!changed) {
    const checked = [...project.collections.map((c) => c.file), ...project.notes, ...(project.others ?? [])];
    return { checked, diagnostics: collectDiagnostics(checked), notes: project.notes.length };
  }
  const wanted = only.map((p) => path.resolve(p));
  const inside = (file: VFile): boolean => wanted.length === 0 || wanted.some((w) => path.resolve(file.path) === w || path.resolve(file.path).startsWith(w + path.sep));
  const affected = affectedBy(project, changed, kinds).filter((a) => inside(a.file));
  const checked = affected.map((a) => a.file);
  return { checked, diagnostics: collectDiagnostics(reportedFiles(affected)), notes: checked.filter((f) => project.notes.includes(f)).length };
}

/** The changed files of the notes folder, or a usage error naming the ref. */
async function listChanged(notes: string, ref: string): Promise<string[]> {
  try {
    return await changedSince(notes, ref);
  } catch (error) {
    if (error instanceof ChangedSinceError) throw new UsageError(error.message);
    throw error;
  }
}

/** Refuse, before any work, an --output that cannot be written or would land among the notes. */
async function checkOutput(output: string, notes: string): Promise<void> {
  const target = path.resolve(output);
  const root = path.resolve(notes);
  if (target === root || target.startsWith(root + path.sep)) {
    throw new UsageError(`--output ${output} is inside the notes folder ${notes}: write the report somewhere else, e.g. --output report.xml.`);
  }
  const folder = await stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) throw new UsageError(`--output ${output}: the folder ${path.dirname(output)} does not exist.`);
  if ((await stat(target).catch(() => undefined))?.isDirectory()) throw new UsageError(`--output ${output} is a folder: name a file, e.g. ${path.join(output, 'report.xml')}.`);
}

/** Write the report atomically: a reader (or a killed run) never sees half a file. */
async function writeReport(output: string, report: string): Promise<void> {
  try {
    await writeFileAtomic(output, report);
  } catch (error) {
    throw new UsageError(`--output ${output} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/**
 * Write each note's recorded corrections, whole (a temporary file renamed into place), never
 * through a link: a note that is a link now, or lies in a linked folder, is refused and left as
 * it is. Returns what changed where, and what was refused.
 */
async function applyFixes(notes: string, files: readonly VFile[]): Promise<{ fixed: { path: string; count: number }[]; refused: string[] }> {
  const fixed: { path: string; count: number }[] = [];
  const refused: string[] = [];
  const unregister = onCleanup(discardPending);
  try {
    for (const file of files) {
      const fixes = file.data.fixes ?? [];
      if (fixes.length === 0 || typeof file.value !== 'string') continue;
      const target = file.data.relative === undefined ? file.path : path.join(path.resolve(notes), ...file.data.relative.split('/'));
      try {
        await assertNoLinks(notes, target);
        await writeInside(notes, target, applyApostrophes(file.value, fixes));
        fixed.push({ path: file.path, count: fixes.length });
      } catch (error) {
        if (!(error instanceof UnsafePath)) throw error;
        refused.push(`${error.message} Its corrections were not written.`);
      }
    }
  } finally {
    unregister();
  }
  return { fixed, refused };
}

/** What --verbose says of the note memo: how many notes it spared, and where it is kept. */
function memoLine(hits: number, notes: number, dir: string): string {
  return `Note memo: ${hits} of ${plural(notes, 'note')} unchanged since the last run, not checked again (kept in ${terminalSafe(dir)}).`;
}

