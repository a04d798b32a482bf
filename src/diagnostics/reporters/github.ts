import { terminalSafe, type Diagnostic } from '../report.js';

/**
 * GitHub Actions workflow commands, one `::error …::message` (or `::warning`) line per problem,
 * which GitHub shows as annotations on the file and line of a pull request. The job's log shows
 * these lines too, and renders escape sequences: control characters from a note are shown, not obeyed.
 */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => {
    const properties: [string, string | number][] = [['file', terminalSafe(d.file)]];
    if (d.line !== null) {
      properties.push(['line', d.line]);
      if (d.column !== null) properties.push(['col', d.column]);
      if (d.endLine !== null) {
        properties.push(['endLine', d.endLine]);
        if (d.endColumn !== null) properties.push(['endColumn', d.endColumn]);
      }
    }
    properties.push(['title', d.ruleId]);
    const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
    return `::${d.severity} ${list}::${escapeData(terminalSafe(d.message))}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** A command's message, escaped as @actions/core does: a line break would end the command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property (`file=…`), escaped as @actions/core does: `:` and `,` separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
