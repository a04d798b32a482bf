import type { Diagnostic } from '../report.js';

/** JSON for machines: an array of diagnostics, one object each, with 1-based lines and columns. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(diagnostics, null, 2)}\n`;
}
