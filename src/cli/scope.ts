import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './io.js';

/** Check the notes folder and the paths named on the command line; return the paths to read. */
export async function resolveScope(notes: string, paths: readonly string[]): Promise<string[]> {
  const root = path.resolve(notes);
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new UsageError(`The notes folder ${notes} does not exist: run notes in your project's folder or pass --notes DIR.`);
  for (const p of paths) {
    const abs = path.resolve(p);
    if (!(await stat(abs).catch(() => undefined))) throw new UsageError(`${p} does not exist.`);
    if (abs !== root && !abs.startsWith(root + path.sep)) {
      throw new UsageError(`${p} is not inside the notes folder ${notes}: pass --notes DIR for another folder.`);
    }
  }
  return [...paths];
}
