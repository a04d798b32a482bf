import type { VFile } from 'vfile';
import writeFileAtomic from 'write-file-atomic';
import { formatDiagnostics, type Format } from '../../diagnostics/reporters/index.js';
import { applyApostrophes } from '../../translate/apostrophes.js';
import { runValidate } from '../../pipeline/index.js';
import { useColor, type Io } from '../io.js';
import { resolveScope } from '../scope.js';

/** Options of `notes validate`. */
export interface ValidateOptions {
  notes: string;
  format: Format;
  /** Write the safe corrections (Uzbek apostrophes) into the notes, then check again. */
  fix?: boolean;
}

/** `notes validate [paths…]`: report every problem; exit 1 when there is an error. */
export async function validateCommand(paths: string[], options: ValidateOptions, io: Io): Promise<number> {
  const only = await resolveScope(options.notes, paths);
  let { project, diagnostics } = await runValidate(options.notes, only);
  if (options.fix) {
    const fixed = await applyFixes(project.notes);
    if (fixed.length > 0) {
      io.stderr.write(`Fixed ${fixed.map((f) => `${f.count} in ${f.path}`).join(', ')}.\n`);
      ({ project, diagnostics } = await runValidate(options.notes, only));
    }
  }
  if (project.notes.length === 0 && diagnostics.length === 0) {
    io.stderr.write(`No notes found in ${paths.length > 0 ? paths.join(', ') : options.notes}.\n`);
    return 1;
  }
  const text = formatDiagnostics(options.format, diagnostics, useColor(io, options.format === 'json' ? io.stdout : io.stderr));
  if (options.format === 'json') io.stdout.write(text);
  else if (text) io.stderr.write(text);
  else io.stderr.write(`${project.notes.length} note${project.notes.length === 1 ? '' : 's'} checked: no problems.\n`);
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** Write each note's recorded corrections atomically; returns what changed where. */
async function applyFixes(files: readonly VFile[]): Promise<{ path: string; count: number }[]> {
  const changed: { path: string; count: number }[] = [];
  for (const file of files) {
    const fixes = file.data.fixes ?? [];
    if (fixes.length === 0 || typeof file.value !== 'string') continue;
    await writeFileAtomic(file.path, applyApostrophes(file.value, fixes));
    changed.push({ path: file.path, count: fixes.length });
  }
  return changed;
}
