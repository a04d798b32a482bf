import { terminalSafe, type Diagnostic } from '../report.js';

/** Text for people: one `file:line:column  severity  message  rule` line per problem, and a summary. */
export function formatText(diagnostics: readonly Diagnostic[], options: { color?: boolean } = {}): string {
  const lines = diagnostics.map((d) => formatTextLine(d, options));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) {
    lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * One problem as the text reporter prints it: `file:line:column  severity  message  rule`. The
 * file name and the message may quote a note, so a control character in them is shown, not obeyed.
 */
export function formatTextLine(d: Diagnostic, options: { color?: boolean } = {}): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[39m` : s);
  const file = terminalSafe(d.file);
  const where = d.line === null ? file : `${file}:${d.line}:${d.column ?? 1}`;
  const sev = d.severity === 'error' ? paint('31', 'error') : paint('33', 'warning');
  return `${where}  ${sev}  ${terminalSafe(d.message)}  ${paint('2', terminalSafe(d.ruleId))}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
