/** Where a command writes: stdout for what it was asked to print, stderr for diagnostics. */
export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** Whether to colour text written to `stream` (a terminal, and NO_COLOR unset). */
export function useColor(io: Io, stream: Io['stdout']): boolean {
  return stream.isTTY === true && io.env['NO_COLOR'] === undefined && io.env['TERM'] !== 'dumb';
}

/** A mistake on the command line: reported without a stack, exit code 2. */
export class UsageError extends Error {}
