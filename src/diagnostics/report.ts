import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { rules, type RuleId, type Severity } from './catalog.js';

/** Where in a file a problem is: a point or a span. */
export type Place = Point | Position | undefined;

/** Attach a diagnostic from the catalog to `file`; errors are `fatal` so later stages skip the note. */
export function report(file: VFile, ruleId: RuleId, reason: string, place?: Place): VFileMessage {
  const message = file.message(reason, { place: validPlace(place), ruleId, source: 'notes' });
  message.fatal = rules[ruleId].severity === 'error';
  return message;
}

/**
 * A place every editor can open: lines and columns count from 1. A place that does not (line 0,
 * a negative or fractional number) points at the file's first line, never at "line 0"; an absent
 * place stays absent (the problem is about the whole file).
 */
export function validPlace(place: Place): Place {
  if (place === undefined) return undefined;
  if (!('start' in place)) return validPoint(place);
  const start = validPoint(place.start);
  const end = validPoint(place.end);
  const ordered = end.line > start.line || (end.line === start.line && end.column >= start.column);
  return start === place.start && end === place.end && ordered ? place : start;
}

function validPoint(point: Point): Point {
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  if (!valid(point.line)) return { line: 1, column: 1 };
  return valid(point.column) ? point : { line: point.line, column: 1 };
}

/**
 * Characters a terminal acts on instead of showing: C0 controls but tab (ESC starts a command, CR
 * and BS move the cursor back over text, LF could forge a line of the report), DEL, C1 controls
 * (U+009B is a one-byte ESC [), the line and paragraph separators, and the bidirectional
 * overrides and isolates that reorder what follows them on the line.
 */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text that may hold a note's words (a file name, a value, a message quoting them), safe to print:
 * every character a terminal would act on is written as `\u{1b}`. `multiline` keeps line feeds,
 * for a message of several lines whose every line is escaped.
 */
export function terminalSafe(text: string, multiline = false): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (c) => (multiline && c === '\n' ? c : `\\u{${(c.codePointAt(0) as number).toString(16)}}`));
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
      const place = validPlace(m.place ?? undefined);
      const start = place && 'start' in place ? place.start : place;
      const end = place && 'end' in place ? place.end : undefined;
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
