import type { Diagnostic } from '../report.js';

/** Text for people: one `file:line:column  severity  message  rule` line per problem, and a summary. */
export function formatText(diagnostics: readonly Diagnostic[], options: { color?: boolean } = {}): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[39m` : s);
  const lines = diagnostics.map((d) => {
    const where = d.line === null ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
    const sev = d.severity === 'error' ? paint('31', 'error') : paint('33', 'warning');
    return `${where}  ${sev}  ${d.message}  ${paint('2', d.ruleId)}`;
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) {
    lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
