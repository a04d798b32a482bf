import path from 'node:path';
import { reason, type Check } from './check.js';
import { count } from '../diagnostics/count.js';

/** What the notes folder holds, as far as the doctor needs it. */
export interface NotesSummary {
  notes: number;
  /** Each collection's languages (empty when its collection.yaml cannot be read). */
  collections: { languages: string[] }[];
}

/** The notes folder: it exists, and how many notes and collections it holds. */
export async function checkNotes(probe: { notes: string; readNotes: (notes: string) => Promise<NotesSummary | undefined> }): Promise<{ check: Check; languages: string[] }> {
  const name = 'notes folder';
  const summary = await probe.readNotes(probe.notes);
  if (!summary) {
    return {
      check: { name, status: 'fail', detail: `${probe.notes} does not exist: run notes doctor in your project's folder, or pass --notes DIR.` },
      languages: [],
    };
  }
  const n = count;
  const languages = [...new Set(summary.collections.flatMap((c) => c.languages))];
  return {
    check: {
      name,
      status: 'ok',
      detail: `${probe.notes} holds ${n(summary.notes, 'note')} in ${n(summary.collections.length, 'collection')}${languages.length > 0 ? ` (languages ${languages.join(', ')})` : ''}`,
    },
    languages,
  };
}

/** What {@link checkOutput} may look at and do. */
export interface OutputProbe {
  out: string;
  notes: string;
  /** What is at a path: a folder, something else, or nothing. */
  kindOf: (file: string) => Promise<'folder' | 'other' | undefined>;
  /** Create a file in `folder` and remove it again; rejects when that cannot be done. */
  tryWrite: (folder: string) => Promise<void>;
  /** Why the build would refuse this output folder (inside the notes, …), if it would. */
  refusal: (out: string, notes: string) => Promise<string | undefined>;
}

/**
 * The output folder: writable, or (when it does not exist yet) its nearest existing parent is,
 * so the build can create it. Never creates the folder and leaves nothing behind.
 */
export async function checkOutput(probe: OutputProbe): Promise<Check> {
  const name = 'output folder';
  const refusal = await probe.refusal(probe.out, probe.notes);
  if (refusal) return { name, status: 'fail', detail: refusal };
  let folder = path.resolve(probe.out);
  let kind = await probe.kindOf(folder);
  while (kind === undefined && path.dirname(folder) !== folder) {
    folder = path.dirname(folder);
    kind = await probe.kindOf(folder);
  }
  const shown = path.relative(process.cwd(), folder) || 'the current folder';
  if (kind !== 'folder') {
    return { name, status: 'fail', detail: `${shown} is a file, not a folder: pass --out DIR for another output folder.` };
  }
  try {
    await probe.tryWrite(folder);
  } catch (error) {
    return { name, status: 'fail', detail: `${shown} is not writable (${reason(error)}): fix its permissions, or pass --out DIR for another folder.` };
  }
  return folder === path.resolve(probe.out)
    ? { name, status: 'ok', detail: `${probe.out} is writable` }
    : { name, status: 'ok', detail: `${probe.out} does not exist yet; the build creates it in ${shown}, which is writable` };
}
