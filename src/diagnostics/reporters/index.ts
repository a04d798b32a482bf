import type { Diagnostic } from '../report.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';

/** The output formats `--format` accepts. */
export const formats = ['text', 'json'] as const;
/** One of {@link formats}. */
export type Format = (typeof formats)[number];

/** Render diagnostics in the requested format. */
export function formatDiagnostics(format: Format, diagnostics: readonly Diagnostic[], color = false): string {
  return format === 'json' ? formatJson(diagnostics) : formatText(diagnostics, { color });
}
