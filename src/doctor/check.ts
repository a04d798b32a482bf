/** The outcome of one check of `notes doctor`: what was checked, and what was found or how to fix it. */
export interface Check {
  /** What was checked, e.g. `browser` or `fonts for uz-Latn (Uzbek (Latin))`. */
  name: string;
  /** ok; fail (detail says how to fix it); skip (it cannot be checked here, and nothing needs it). */
  status: 'ok' | 'fail' | 'skip';
  detail: string;
}

/** A run of a program: its standard output, or a rejection when it is missing, fails or hangs. */
export type Run = (command: string, args: readonly string[]) => Promise<string>;

/** Whether `version` (e.g. 20.19.0) satisfies `range` (package.json engines, `>=X.Y.Z` only). */
export function satisfies(version: string, range: string): boolean {
  const floor = /^>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!floor) return true;
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = [floor[1], floor[2], floor[3]].map((n) => Number(n ?? 0));
  for (let i = 0; i < 3; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** Node: the running version against package.json's engines. */
export function checkNode(probe: { nodeVersion: string; engines: string | undefined }): Check {
  const name = 'Node';
  const range = probe.engines ?? '>=20.11';
  const floor = range.replace(/^>=\s*/, '');
  return satisfies(probe.nodeVersion, range)
    ? { name, status: 'ok', detail: `${probe.nodeVersion} (notes needs ${range})` }
    : { name, status: 'fail', detail: `${probe.nodeVersion} is too old: install Node ${floor} or later (https://nodejs.org/).` };
}

/** A failed run in a few words. */
export function reason(error: unknown): string {
  const e = error as { code?: unknown; killed?: boolean; message?: string };
  if (e.killed) return 'it did not answer in time';
  if (typeof e.code === 'string') return e.code;
  if (typeof e.code === 'number') return `exit code ${e.code}`;
  return (e.message ?? String(error)).split('\n')[0] ?? 'error';
}
