import pLimit from 'p-limit';
import type { VFile } from 'vfile';
import { hashOf } from '../model/hash.js';
import { slugOf } from '../model/names.js';
import type { CollectionData, Project } from '../model/types.js';
import type { Asset } from '../plugins/rehype-inline-images.js';
import { renderNote, type NoteRenderer, type RenderMemoEntry } from '../render/documents.js';
import type { NoteMemo } from './note-memo.js';

declare module 'vfile' {
  interface DataMap {
    /** The note rendered ahead (by a worker thread), in this language of this collection (its JSON). */
    prerendered: { lang: string; collection: string; view: RenderMemoEntry['view']; page: string; chapter: string };
  }
}

/** Renderings of notes, by {@link renderKey}: found in the memo, and made by this build. */
export interface RenderMemo {
  /** {@link renderFingerprint} of this build. */
  fingerprint: string;
  found: ReadonlyMap<string, RenderMemoEntry>;
  made: Map<string, RenderMemoEntry>;
}

/** What every rendering of a build depends on besides the note: notes' own fingerprint and the images. */
export function renderFingerprint(fingerprint: string, assets: ReadonlyMap<string, Asset>): string {
  const images = [...assets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return hashOf(fingerprint, ...images.flatMap(([p, a]) => [p, a.type, a.bytes]));
}

/** The key of one note rendered in one language: the build's fingerprint, the note's memo key, the collection. */
export function renderKey(fingerprint: string, file: VFile, collection: CollectionData, lang: string): string {
  return hashOf(fingerprint, file.data.memoKey ?? '', lang, JSON.stringify(collection));
}

/** The remembered renderings of the notes a build renders, read before the render stage (which reads nothing). */
export async function rememberedRenders(project: Project, memo: NoteMemo, fingerprint: string): Promise<RenderMemo> {
  const found = new Map<string, RenderMemoEntry>();
  const keys: string[] = [];
  for (const file of project.notes) {
    const collection = project.collections.find((c) => c.data?.id === file.data.collection)?.data;
    const lang = file.data.edition?.lang ?? collection?.languages[0];
    if (!collection || !lang || !file.data.note || !file.data.memoKey) continue;
    keys.push(renderKey(fingerprint, file, collection, lang));
  }
  const limit = pLimit(16);
  const entries = await Promise.all(keys.map((key) => limit(() => memo.getRender(key))));
  keys.forEach((key, i) => {
    const entry = entries[i];
    if (entry) found.set(key, entry);
  });
  memo.stats.renderHits = found.size;
  return { fingerprint, found, made: new Map() };
}

/**
 * Rendering as a step around the render stage: a note's rendering remembered from an earlier
 * build, else the one a worker thread made ahead (with the same functions and inputs), else
 * `render`'s; every rendering not found is kept in `memo.made`, to remember.
 */
export function renderStep(memo: RenderMemo | undefined, render: NoteRenderer = renderNote): NoteRenderer {
  return (file, collection, lang, context) => {
    const key = memo && file.data.memoKey ? renderKey(memo.fingerprint, file, collection, lang) : undefined;
    const known = key ? memo?.found.get(key) : undefined;
    const ahead = file.data.prerendered;
    const made = known ?? (ahead && ahead.lang === lang && ahead.collection === JSON.stringify(collection) ? { view: ahead.view, page: ahead.page, chapter: ahead.chapter } : undefined);
    if (made) {
      if (key && !known) memo?.made.set(key, made);
      return { file, collection: collection.id, slug: slugOf(file), lang, view: made.view, page: made.page, chapter: made.chapter };
    }
    const rendered = render(file, collection, lang, context);
    if (key) memo?.made.set(key, { view: rendered.view, page: rendered.page, chapter: rendered.chapter });
    return rendered;
  };
}
