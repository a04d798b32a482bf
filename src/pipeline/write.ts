import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Output } from './pack.js';

/** Why the output folder cannot be used, or undefined when it can. */
export async function checkOutputFolder(out: string, notes: string): Promise<string | undefined> {
  const real = async (p: string): Promise<string> => realpath(p).catch(() => path.resolve(p));
  const o = await real(out);
  const n = await real(notes);
  if (o === n) return `The output folder ${out} is the notes folder: choose another with --out.`;
  if (o.startsWith(n + path.sep)) return `The output folder ${out} is inside the notes folder ${notes}: choose one outside it with --out.`;
  if (n.startsWith(o + path.sep)) return `The output folder ${out} contains the notes folder ${notes}: choose another with --out.`;
  return undefined;
}

/**
 * Store every planned output below `out`. Each file is written atomically (a temporary file,
 * then a rename), so a reader or an interrupted build never sees half a file.
 */
export async function writeOutputs(out: string, outputs: readonly Output[]): Promise<void> {
  const root = path.resolve(out);
  for (const output of outputs) {
    const target = path.resolve(root, output.path);
    if (!target.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${out}: ${output.path}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, typeof output.content === 'string' ? output.content : Buffer.from(output.content));
  }
}
