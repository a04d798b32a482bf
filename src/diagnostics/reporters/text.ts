import picocolors from 'picocolors';
import { terminalSafe, type Diagnostic } from '../report.js';
import { count as plural } from '../count.js';

/** How the text reporter writes: in colour or not, and with or without its closing count line. */
export interface TextOptions {
  color?: boolean;
  /** The `1 error, 0 warnings` line after the problems (default true; --quiet leaves it out). */
  summary?: boolean;
}

/** Text for people: one `file:line:column  severity  message  rule` line per problem, and a summary. */
export function formatText(diagnostics: readonly Diagnostic[], options: TextOptions = {}): string {
  const lines = diagnostics.map((d) => formatTextLine(d, options));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0 && options.summary !== false) {
    lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * One problem as the text reporter prints it: `file:line:column  severity  message  rule`. The
 * file name and the message may quote a note, so a control character in them is shown, not obeyed.
 */
export function formatTextLine(d: Diagnostic, options: { color?: boolean } = {}): string {
  // picocolors closes each style with its own reset (dim with 22, colours with 39), never a guess.
  const c = picocolors.createColors(options.color === true);
  const file = terminalSafe(d.file);
  const where = d.line === null ? file : `${file}:${d.line}:${d.column ?? 1}`;
  const sev = d.severity === 'error' ? c.red('error') : c.yellow('warning');
  return `${where}  ${sev}  ${terminalSafe(d.message)}  ${c.dim(terminalSafe(d.ruleId))}`;
}

