import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { rules, type RuleId, type Severity } from './catalog.js';

/** Where in a file a problem is: a point or a span. */
export type Place = Point | Position | undefined;

/** Attach a diagnostic from the catalog to `file`; errors are `fatal` so later stages skip the note. */
export function report(file: VFile, ruleId: RuleId, reason: string, place?: Place): VFileMessage {
  const message = file.message(reason, { place, ruleId, source: 'notes' });
  message.fatal = rules[ruleId].severity === 'error';
  return message;
}

/** Whether `file` carries an error (unified's `fatal`), so later stages leave it alone. */
export function hasErrors(file: VFile): boolean {
  return file.messages.some((m) => m.fatal === true);
}

/** A diagnostic as plain data, the shape every reporter prints. */
export interface Diagnostic {
  file: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  severity: Severity;
  ruleId: string;
  message: string;
}

/** Turn the messages of every file into plain diagnostics, sorted by file then place. */
export function collectDiagnostics(files: readonly VFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of files) {
    for (const m of file.messages) {
      const start = m.place && 'start' in m.place ? m.place.start : m.place;
      const end = m.place && 'end' in m.place ? m.place.end : undefined;
      out.push({
        file: file.path,
        line: start?.line ?? null,
        column: start?.column ?? null,
        endLine: end?.line ?? null,
        endColumn: end?.column ?? null,
        severity: m.fatal === true ? 'error' : 'warning',
        ruleId: m.ruleId ?? 'unknown',
        message: m.reason,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
