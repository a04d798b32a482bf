/** How much a command says besides its results and diagnostics: `--quiet`, the default, or `--verbose`. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** Where a command writes: stdout for what it was asked to print, stderr for diagnostics. */
export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Set from the global --quiet or --verbose (default 'normal'). */
  verbosity?: Verbosity;
}

/**
 * Whether to colour text written to `stream`. A non-empty NO_COLOR turns colour off and wins
 * (no-color.org: it is the user's refusal); a non-empty FORCE_COLOR turns it on even off a
 * terminal, except FORCE_COLOR=0 (or false), which turns it off; otherwise only on a terminal
 * that is not TERM=dumb.
 */
export function useColor(io: Io, stream: Io['stdout']): boolean {
  if (io.env['NO_COLOR']) return false;
  const force = io.env['FORCE_COLOR'];
  if (force) return force !== '0' && force !== 'false';
  return stream.isTTY === true && io.env['TERM'] !== 'dumb';
}

/** Write a line of progress, a notice or a summary to stderr: said unless --quiet. */
export function say(io: Io, line: string): void {
  if (io.verbosity !== 'quiet') io.stderr.write(`${line}\n`);
}

/** Write a line saying what was used (a config file, a browser, a cache) to stderr: only with --verbose. */
export function detail(io: Io, line: string): void {
  if (io.verbosity === 'verbose') io.stderr.write(`${line}\n`);
}

export { UsageError } from '../diagnostics/usage-error.js';
