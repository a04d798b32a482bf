import type { Diagnostic } from '../report.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatText } from './text.js';

/** The output formats `--format` accepts. */
export const formats = ['text', 'json', 'github', 'junit'] as const;
/** One of {@link formats}. */
export type Format = (typeof formats)[number];

/** What some reporters need besides the diagnostics. */
export interface ReportContext {
  /** Every file the run checked, as diagnostics name them (JUnit lists those without problems as passing tests). */
  checked?: readonly string[];
  /** Warnings fail the run (`--strict`): JUnit reports them as failures. */
  strict?: boolean;
  /** The text report's closing count line (default true; --quiet leaves it out). */
  summary?: boolean;
}

/** Render diagnostics in the requested format. */
export function formatDiagnostics(format: Format, diagnostics: readonly Diagnostic[], color = false, context: ReportContext = {}): string {
  switch (format) {
    case 'json':
      return formatJson(diagnostics);
    case 'github':
      return formatGithub(diagnostics);
    case 'junit':
      return formatJunit(diagnostics, { checked: context.checked ?? [], strict: context.strict === true });
    case 'text':
      return formatText(diagnostics, { color, summary: context.summary !== false });
  }
}

/** Where a format is written: text is for people (stderr), the others for machines (stdout). */
export function reportStream(format: Format): 'stdout' | 'stderr' {
  return format === 'text' ? 'stderr' : 'stdout';
}
