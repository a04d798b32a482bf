import { formatDiagnostics, type Format } from '../../diagnostics/reporters/index.js';
import { runBuild } from '../../pipeline/index.js';
import { checkOutputFolder } from '../../pipeline/write.js';
import { UsageError, useColor, type Io } from '../io.js';
import { resolveScope } from '../scope.js';

/** Options of `notes build`. */
export interface BuildOptions {
  notes: string;
  out: string;
  forum?: string;
  workshop?: number;
  format: Format;
}

/** `notes build`: validate everything, then write every valid note's editions and the packs. */
export async function buildCommand(options: BuildOptions, io: Io): Promise<number> {
  await resolveScope(options.notes, []);
  const problem = await checkOutputFolder(options.out, options.notes);
  if (problem) throw new UsageError(problem);
  const selection = { ...(options.forum !== undefined && { collection: options.forum }), ...(options.workshop !== undefined && { workshop: options.workshop }) };
  const { project, outputs, diagnostics } = await runBuild(options.notes, options.out, selection);
  if (options.forum !== undefined && !project.collections.some((c) => c.data?.id === options.forum)) {
    throw new UsageError(`There is no collection "${options.forum}": the ids are ${project.collections.map((c) => c.data?.id).filter(Boolean).join(', ')}.`);
  }
  const text = formatDiagnostics(options.format, diagnostics, useColor(io, io.stderr));
  if (options.format === 'json') io.stdout.write(text);
  else if (text) io.stderr.write(text);
  const notes = outputs.filter((o) => o.kind === 'note').length;
  io.stderr.write(`Wrote ${outputs.length} file${outputs.length === 1 ? '' : 's'} (${notes} note edition${notes === 1 ? '' : 's'}) to ${options.out}.\n`);
  if (outputs.length === 0) return 1;
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
