import type { Diagnostic } from '../diagnostics/report.js';
import type { Check } from './check.js';

/** The kinds of note as `notes doctor` found them: the package's, and the config's kinds folder read or its problems. */
export interface KindsFinding {
  /** The package's kinds, by name. */
  builtIn: readonly string[];
  /** The config's kinds folder, when it names one. */
  folder?: string;
  /** The project's kinds read from it. */
  project?: readonly string[];
  /** What stops the project's kinds from being used. */
  diagnostics?: readonly Diagnostic[];
}

/** The kinds of note a build knows: the package's and the project's, or the first problem of the project's. Pure. */
export function checkKinds(found: KindsFinding): Check {
  const name = 'kinds of note';
  const builtIn = found.builtIn.length > 0 ? found.builtIn.join(', ') : 'none';
  const [first] = found.diagnostics ?? [];
  if (first) {
    const more = (found.diagnostics?.length ?? 1) > 1 ? ` (and ${(found.diagnostics?.length ?? 1) - 1} more: run notes validate to see them all)` : '';
    return { name, status: 'fail', detail: `${first.file}:${first.line ?? 1}:${first.column ?? 1}: ${first.message}${more}` };
  }
  if (found.folder === undefined) return { name, status: 'ok', detail: `${builtIn}; none of the project's (README, Kinds of note, tells how to add one)` };
  return { name, status: 'ok', detail: `${builtIn}; from ${found.folder}: ${(found.project ?? []).join(', ') || 'none'}` };
}
