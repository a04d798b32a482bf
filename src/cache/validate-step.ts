import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import { decodeLoosely } from '../parse/parse.js';
import { crossNotePlaces } from '../validate/check-project.js';
import { recordingFiles } from '../validate/file-lookup.js';
import { imagesOf } from '../validate/images.js';
import { finish, type NoteStep, type ValidateContext } from '../validate/validate.js';
import { noteKey, probesHold, restoreEntry, storedMessages, type NoteMemo, type NoteMemoEntry } from './note-memo.js';

declare module 'vfile' {
  interface DataMap {
    /** The note's key in the note memo: what its validation depended on, hashed. */
    memoKey: string;
  }
}

/** A note's results worked out ahead (by a worker thread), by memo key: used as if just worked out. */
export type Prepared = ReadonlyMap<string, { entry: NoteMemoEntry; tree?: MdastRoot; rendered?: NonNullable<VFile['data']['prerendered']> }>;

/** What the memo's step needs: the memo, what the build's results depend on, the files of the notes folder. */
export interface MemoStepOptions {
  /** What earlier runs learned of unchanged notes; every note checked now is remembered in it. */
  memo?: NoteMemo;
  /** What every result depends on besides the note: notes' code, the schemas, the labels (hashed). */
  fingerprint: string;
  /** Every file of the notes folder, for the lookups a remembered note depended on. */
  files: ReadonlySet<string>;
  /** Results worked out ahead, in parallel (workers/pool.ts). */
  prepared?: Prepared;
  keepTrees?: ValidateContext['keepTrees'];
}

/** The memo key of a note, or undefined when it is not remembered (it could not be read). */
export function keyOf(file: VFile, fingerprint: string, dependsOn: readonly string[]): string | undefined {
  if (file.messages.length > 0 || file.value === undefined) return undefined;
  return noteKey({ context: fingerprint, relative: file.data.relative ?? '', bytes: file.value, dependsOn });
}

/** Everything a note's validation left on it, as the memo keeps it. */
export function entryOf(file: VFile, probes: [string, boolean][]): NoteMemoEntry {
  return {
    messages: storedMessages(file),
    ...(file.data.frontMatter && { frontMatter: file.data.frontMatter }),
    ...(file.data.note && { note: file.data.note }),
    ...(file.data.collection !== undefined && { collection: file.data.collection }),
    ...(file.data.edition && { edition: { ...(file.data.edition.status && { status: file.data.edition.status }), stale: file.data.edition.stale } }),
    ...(file.data.fixes && { fixes: file.data.fixes }),
    ...(file.data.segments && { segments: file.data.segments }),
    probes,
    places: crossNotePlaces(file),
    images: (file.data.images = imagesOf(file)),
  };
}

/**
 * Validation through the memo, as a step around the validate stage: restore what a run before
 * learned when the note and what it depends on are unchanged (and every file it looked for still
 * is or is not there), else use what was worked out for it ahead (in parallel), else do the work;
 * and remember it.
 */
export function memoStep(options: MemoStepOptions): NoteStep {
  const { memo, prepared, files } = options;
  return (file, dependsOn, work) => {
    const key = keyOf(file, options.fingerprint, dependsOn);
    if (key === undefined) {
      const lookup = recordingFiles(files);
      work(lookup);
      file.data.links = lookup.probes.map(([p]) => p);
      return finish(file, options);
    }
    file.data.memoKey = key;
    const entry = memo?.get(key);
    if (memo && entry && probesHold(entry, files)) {
      memo.stats.hits++;
      decodeLoosely(file);
      restoreEntry(file, entry);
      return;
    }
    if (memo) memo.stats.misses++;
    const ahead = prepared?.get(key);
    if (ahead && probesHold(ahead.entry, files)) {
      decodeLoosely(file);
      restoreEntry(file, ahead.entry);
      if (ahead.tree) file.data.tree = ahead.tree;
      if (ahead.rendered) file.data.prerendered = ahead.rendered;
      memo?.put(key, ahead.entry);
      return finish(file, options);
    }
    const lookup = recordingFiles(files);
    work(lookup);
    file.data.links = lookup.probes.map(([p]) => p);
    memo?.put(key, entryOf(file, lookup.probes));
    finish(file, options);
  };
}
