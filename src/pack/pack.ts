import { hasErrors } from '../diagnostics/report.js';
import type { Collection, CollectionData, NoteData, Project } from '../model/types.js';
import { compareNotes, documentDate, numberOf, valueAt, type KindDefinition, type Kinds } from '../model/kind.js';
import type { VFile } from 'vfile';
import type { FormatId } from '../formats/formats.js';
import { layout } from '../model/layout.js';
import { slugOf } from '../model/names.js';
import { dealFolders, folderOf, type Shard } from './shard.js';
import { authorsOf, renderCollectionIndex, renderCombined, renderNote, renderRootIndex, type RenderContext, type RenderedNote } from '../render/documents.js';

/**
 * Content kept in a file instead of in memory: a printed PDF lies in the PDF cache from the
 * moment it is printed, so a build of a thousand PDFs does not hold them all until it writes.
 */
export interface StoredContent {
  /** The file holding the bytes. */
  file: string;
  bytes: number;
  sha256: string;
  /** Pages, for a PDF. */
  pages?: number;
}

/** Whether an output's content is kept in a file ({@link StoredContent}). */
export function isStored(content: Output['content']): content is StoredContent {
  return typeof content === 'object' && !(content instanceof Uint8Array);
}

/** One file to write, relative to the output folder. */
export interface Output {
  path: string;
  content: string | Uint8Array | StoredContent;
  /** The note it was made from, relative to the notes folder (none for indexes and combined documents). */
  source?: string;
  lang?: string;
  kind: 'note' | 'combined' | 'index' | 'manifest' | 'archive';
  /** The format of a document (a note edition, a combined document, an index page). */
  format?: FormatId;
  /** What a printed edition says about itself (PDF metadata); set on documents to print. */
  meta?: DocumentMeta;
}

/** A document's own description, for its PDF edition. */
export interface DocumentMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** The document's own date, YYYY-MM-DD: used for reproducible file dates without SOURCE_DATE_EPOCH. */
  date: string;
  /** The note's kind (its `kind:`), or collection for a combined document. */
  documentKind: string;
  /**
   * Set when pages must say DRAFT: the word in the document's language, and for a combined
   * document its parts (chapter anchors, then the contact directory's) and which are drafts;
   * without parts, every page.
   */
  draft?: { word: string; parts?: { anchors: string[]; drafts: string[] } };
}

/** Which part of the project to build. */
export interface Selection {
  /** Only this collection (`--forum`). */
  collection?: string;
  /** Only the notes of a forum's kinds with this number, a workshop's (`--workshop`): packs only, no combined documents. */
  workshop?: number;
  /** Only these language editions and combined documents (`--lang`). */
  languages?: string[];
}

/** `--lang` named a language that no collection being built publishes. */
export class UnknownLanguages extends Error {}

type ValidCollection = Collection & { data: CollectionData };

/**
 * Plan every output of a build, as data: each valid note in each language of its collection,
 * each collection's combined document and index, and the root index. With a shard, only the
 * outputs of its folders (see {@link dealFolders}), and only the notes those need are rendered:
 * a note of one of its packs, or every note of a collection whose combined documents and index
 * it builds. Pure: renders, writes nothing.
 */
export function planBuild(project: Project, selection: Selection, context: RenderContext, shard?: Shard): Output[] {
  const outputs: Output[] = [];
  const collections = project.collections.filter((c): c is ValidCollection => c.data !== undefined && !hasErrors(c.file));
  const selected = collections.filter((c) => selection.collection === undefined || selection.collection === c.data.id);
  const published = [...new Set(selected.flatMap((c) => c.data.languages))];
  const unknown = (selection.languages ?? []).filter((lang) => !published.includes(lang));
  if (unknown.length > 0 && selected.length > 0) {
    throw new UnknownLanguages(`There is no ${unknown.map((l) => `"${l}"`).join(', ')} edition to build: the collections publish ${published.join(', ')}.`);
  }
  const editions = selected.map((collection) => ({ collection, byLang: editionsOf(project, collection, selection, context.kinds) }));
  const wholeProject = selection.workshop === undefined && selection.collection === undefined && collections.length > 0;
  // Every output's path is known before anything is rendered: the shard's folders are dealt from them.
  const paths: string[] = [];
  for (const { collection, byLang } of editions) {
    const id = collection.data.id;
    for (const [lang, files] of byLang) {
      paths.push(...files.map((file) => layout.note(id, slugOf(file), lang, 'html')));
      if (selection.workshop === undefined && files.length > 0) paths.push(layout.combined(id, lang, 'html'));
    }
    if (selection.workshop === undefined) paths.push(layout.collectionIndex(id));
  }
  if (wholeProject) paths.push(layout.rootIndex());
  const mine = shard ? dealFolders(paths, shard) : undefined;
  const wanted = (path: string): boolean => mine === undefined || mine.has(folderOf(path));

  for (const { collection, byLang } of editions) {
    const id = collection.data.id;
    // The combined documents and the index hold every note of the collection.
    const whole = selection.workshop === undefined && wanted(layout.collectionIndex(id));
    const rendered: RenderedNote[] = [];
    for (const [lang, files] of byLang) {
      const inLang = files.filter((file) => whole || wanted(layout.note(id, slugOf(file), lang, 'html'))).map((file) => (context.render ?? renderNote)(file, collection.data, lang, context));
      rendered.push(...inLang);
      for (const r of inLang) {
        const path = layout.note(id, r.slug, lang, 'html');
        if (wanted(path)) outputs.push({ path, content: r.page, source: r.file.data.relative, lang, kind: 'note', format: 'html', meta: noteMeta(r, inLanguage(collection.data, lang), context.kinds) });
      }
      if (whole && inLang.length > 0) {
        outputs.push({ path: layout.combined(id, lang, 'html'), content: renderCombined(collection.data, inLang, lang, context), lang, kind: 'combined', format: 'html', meta: combinedMeta(inLanguage(collection.data, lang), inLang, context.kinds) });
      }
    }
    if (whole) outputs.push({ path: layout.collectionIndex(id), content: renderCollectionIndex(collection, rendered, context), kind: 'index', format: 'html' });
  }
  if (wholeProject && wanted(layout.rootIndex())) {
    outputs.push({ path: layout.rootIndex(), content: renderRootIndex(collections.map((c) => c.data), context), kind: 'index', format: 'html' });
  }
  return outputs;
}

/** The valid notes of a collection to build, in order, by language: the notes themselves in its first, their editions in the others. */
function editionsOf(project: Project, collection: ValidCollection, selection: Selection, kinds: Kinds): [string, VFile[]][] {
  const id = collection.data.id;
  const order = compareNotes(kinds);
  const notes = project.notes
    .filter((f) => f.data.collection === id && f.data.note && !hasErrors(f))
    .filter((f) => selection.workshop === undefined || isWorkshop(f.data.note!, kinds, selection.workshop))
    .sort((a, b) => order(a.data.note!, b.data.note!));
  const [sourceLang] = collection.data.languages;
  return collection.data.languages
    .filter((l) => selection.languages === undefined || selection.languages.includes(l))
    .map((lang) => [lang, notes.filter((f) => (lang === sourceLang ? f.data.edition === undefined : f.data.edition?.lang === lang))]);
}

/**
 * Whether a note is workshop `workshop` (`--workshop`): a note of a kind whose notes belong in a
 * forum, numbered `workshop`.
 */
export function isWorkshop(note: NoteData, kinds: Kinds, workshop: number): boolean {
  const kind = kinds[note.kind];
  return kind?.collection === 'forum' && numberOf(note, kind) === workshop;
}

/** The collection with its name, short name, theme and venue in `lang`, where it gives them. */
function inLanguage(collection: CollectionData, lang: string): CollectionData {
  return { ...collection, ...collection.translations?.[lang] };
}

/** The values of a kind's keyword fields in a note, as text (a list gives each item). */
function keywordsOf(note: NoteData, kind: KindDefinition | undefined): string[] {
  return (kind?.keywords ?? []).flatMap((field) => {
    const value = valueAt(note, field);
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value.map(String) : [String(value)];
  });
}

function noteMeta(r: RenderedNote, collection: CollectionData, kinds: Kinds): DocumentMeta {
  const note = r.file.data.note!;
  const kind = kinds[note.kind];
  const view = r.view;
  const keywords = [view.kindLabel, collection.shortName ?? collection.name];
  if (view.eyebrow && view.eyebrowInTitle) keywords.push(view.eyebrow);
  keywords.push(...keywordsOf(note, kind));
  return {
    title: view.pageTitle,
    author: authorsOf(note, collection, kind),
    subject: `${view.kindLabel} — ${collection.name}`,
    keywords,
    date: documentDate(note, kind, collection),
    documentKind: note.kind,
    ...(view.draft !== undefined && { draft: { word: view.draft } }),
  };
}

/** The id of the combined document's contact directory (combined.hbs): the last chapter ends before it. */
const DIRECTORY_ANCHOR = 'contact-directory';

function combinedMeta(collection: CollectionData, notes: readonly RenderedNote[], kinds: Kinds): DocumentMeta {
  const dates = notes.map((n) => documentDate(n.file.data.note!, kinds[n.file.data.note!.kind], collection)).sort();
  const drafts = notes.filter((n) => n.view.draft !== undefined);
  const word = drafts[0]?.view.draft;
  return {
    title: collection.name,
    author: collection.organisers.map((o) => o.name).join('; '),
    subject: collection.theme ?? collection.name,
    keywords: [collection.shortName ?? collection.name, ...notes.map((n) => n.view.eyebrow ?? n.view.title)],
    date: collection.dates?.start ?? dates[dates.length - 1] ?? '2000-01-01',
    documentKind: 'collection',
    ...(word !== undefined && { draft: { word, parts: { anchors: [...notes.map((n) => n.view.slug), DIRECTORY_ANCHOR], drafts: drafts.map((n) => n.view.slug) } } }),
  };
}
