import type { Element, Root as HastRoot, RootContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import type { VFile } from 'vfile';
import type { Collection, CollectionData, NoteData } from '../model/types.js';
import type { KindDefinition, Kinds } from '../model/kind.js';
import type { Asset } from '../plugins/rehype-inline-images.js';
import { toDataUrl } from '../plugins/rehype-inline-images.js';
import { createLocale, t, type Locale } from './locale.js';
import { createBodyProcessor, renderBody, type BodyProcessor } from './markdown.js';
import { pageStyles } from './page-styles.js';
import type { Template, Templates } from './templates.js';
import { collectionView, duration, noteView, organisersOf, sessionsOf, type NoteView } from './view.js';
import { SESSION_HEADING, sessionHeading } from '../model/sessions.js';
import { layout } from '../model/layout.js';
import { anchorOf, hrefTo, slugOf } from '../model/names.js';
import { resolveLocal } from '../model/links.js';
import { eachElement } from '../plugins/each-element.js';
import { lookFor, type Look, type Theme } from './look.js';

/** One note rendered in one language, as remembered. */
export interface RenderMemoEntry {
  view: NoteView;
  page: string;
  chapter: string;
}

/** What rendering needs, built once per run. */
export interface RenderContext {
  templates: Templates;
  /** Label files by language tag (templates/locales/<lang>.json). */
  messages: Readonly<Record<string, Record<string, string>>>;
  /** Every kind of note by name: what its view prints, how its notes are ordered. */
  kinds: Kinds;
  styles: string;
  version: string;
  /** The project's look and its template overrides (already in `templates`), if it has a theme. */
  theme?: Theme;
  /** Local files the notes use (images), by path relative to the notes folder. */
  assets: ReadonlyMap<string, Asset>;
  /** Body processors by language, made on first use. */
  processors?: Map<string, BodyProcessor>;
  /** Parse a note's body again when the memo restored the note without its tree. */
  reparse?: (file: VFile) => MdastRoot;
  /**
   * How each note is rendered: by default {@link renderNote}; the pipeline passes the memo's step
   * (cache/render-step.ts), which takes a rendering remembered or made ahead instead.
   */
  render?: NoteRenderer;
}

/** Render one valid note in one language (see {@link renderNote}). */
export type NoteRenderer = (file: VFile, collection: CollectionData, lang: string, context: RenderContext) => RenderedNote;

/** One note rendered in one language: the standalone page and the chapter for the combined document. */
export interface RenderedNote {
  file: VFile;
  collection: string;
  slug: string;
  lang: string;
  view: NoteView;
  /** The whole HTML page. */
  page: string;
  /** The note as a chapter (headings one level down) for the combined document. */
  chapter: string;
}

/** The locale of `lang`, English labels filling any gap. */
export function localeFor(context: RenderContext, lang: string): Locale {
  const en = context.messages['en'] ?? {};
  const own = context.messages[lang] ?? context.messages[lang.split('-')[0] ?? ''] ?? {};
  return createLocale(lang, own, en);
}

function processorFor(context: RenderContext, locale: Locale): BodyProcessor {
  context.processors ??= new Map();
  let processor = context.processors.get(locale.lang);
  if (!processor) {
    processor = createBodyProcessor({
      footnotes: t(locale, 'footnotes'),
      backToContent: (n) => t(locale, 'backToContent', { n }),
    });
    context.processors.set(locale.lang, processor);
  }
  return processor;
}

/** Render one valid note in one language. Pure: data in, HTML strings out. */
export function renderNote(file: VFile, collection: CollectionData, lang: string, context: RenderContext): RenderedNote {
  const slug = slugOf(file);
  const note = file.data.note as NoteData;
  const kind = context.kinds[note.kind];
  if (!kind) throw new Error(`${file.path} is of a kind no definition describes: "${note.kind}"`);
  const tree = file.data.tree ?? context.reparse?.(file);
  if (!tree) throw new Error(`${file.path} has no parsed body`);
  const locale = localeFor(context, lang);
  const from = file.data.relative ?? '';
  // Ids and in-page links use the name with its spaces as `_` (an id cannot hold a space).
  const anchor = anchorOf(slug);
  const hast = renderBody(processorFor(context, locale), tree, file, {
    prefix: `${anchor}--`,
    titleId: `${anchor}-title`,
    sessions: sessionsOf(note, kind),
    duration: (minutes) => duration(locale, minutes),
    sessionPatterns: [sessionHeading(t(locale, 'sessionNumber')), SESSION_HEADING],
    from,
    assets: context.assets,
  });
  const footnotes = takeFootnotes(hast);
  const logoTarget = note.logo ? resolveLocal(from, note.logo.src) : undefined;
  const logoAsset = logoTarget?.kind === 'local' ? context.assets.get(logoTarget.path) : undefined;
  const edition = file.data.edition;
  const look = lookFor(context.theme, collection.id);
  const base = {
    slug: anchor,
    note,
    kind,
    collection,
    locale,
    logoSrc: logoAsset ? toDataUrl(logoAsset) : undefined,
    brand: look.logo,
    translation: edition ? { status: edition.status, stale: edition.stale.length } : undefined,
  };

  const standalone = noteView({ ...base, body: toHtml(hast), footnotes: footnotes ? toHtml(footnotes) : '', level: 1 });
  const articleHtml = templateOf(context, note.kind)(standalone, locale);
  const page = context.templates.layout(
    {
      lang,
      dir: locale.dir,
      version: context.version,
      pageTitle: `${standalone.pageTitle} — ${standalone.collection.shortName}`,
      author: authorsOf(note, collection, kind),
      description: `${standalone.kindLabel}: ${standalone.title}`,
      styles: stylesOf(context, look),
      pageStyles: pageStyles(locale, standalone.collection.shortName, runningTitle(standalone), look.logo),
      bodyClass: `doc kind-${note.kind}`,
      content: context.templates.note({ ...standalone, note: articleHtml }, locale),
    },
    locale,
  );

  shiftHeadings(hast, 1);
  if (footnotes) shiftHeadings(footnotes, 1);
  // A chapter shows no logo of the theme: the combined document's cover and running header do.
  const chapterView = noteView({ ...base, brand: undefined, body: toHtml(hast), footnotes: footnotes ? toHtml(footnotes) : '', level: 2 });
  const chapter = templateOf(context, note.kind)(chapterView, locale);
  return { file, collection: collection.id, slug, lang, view: standalone, page, chapter };
}

/** The template of a kind of note (its template.hbs, or the theme's in its place). */
function templateOf(context: RenderContext, kind: string): Template {
  const template = context.templates[kind];
  if (!template) throw new Error(`There is no template for the kind "${kind}"`);
  return template;
}

/** Render a collection's combined document: cover, programme, contents, chapters, contact directory. */
export function renderCombined(collection: CollectionData, notes: readonly RenderedNote[], lang: string, context: RenderContext): string {
  const locale = localeFor(context, lang);
  const view = collectionView(locale, collection);
  const look = lookFor(context.theme, collection.id);
  const directory = new Map<string, { name: string; role?: string; organisation: string[]; email: string; notes: { slug: string; label: string }[] }>();
  for (const n of notes) {
    for (const c of n.view.contacts) {
      const key = c.email.toLowerCase();
      const entry = directory.get(key) ?? { ...c, notes: [] };
      entry.notes.push({ slug: n.view.slug, label: n.view.eyebrow && n.view.eyebrowInTitle ? n.view.eyebrow : n.view.title });
      directory.set(key, entry);
    }
  }
  const content = context.templates.combined(
    {
      collection: view,
      logo: look.logo,
      coverImage: look.cover,
      notes: notes.map((n) => n.view),
      chapters: notes.map((n) => n.chapter),
      directory: [...directory.values()],
    },
    locale,
  );
  return context.templates.layout(
    {
      lang,
      dir: locale.dir,
      version: context.version,
      pageTitle: view.name,
      author: view.organisers,
      description: view.theme,
      styles: stylesOf(context, look),
      pageStyles: pageStyles(locale, view.shortName, view.isForum ? t(locale, 'completeDocument') : view.name, look.logo),
      bodyClass: 'doc combined',
      content,
    },
    locale,
  );
}

/** A link shown on an index page. */
interface IndexLink {
  href: string;
  label: string;
  lang?: string;
}

/** Render a collection's index page, linking every edition of every note and the combined documents. */
export function renderCollectionIndex(collection: Collection & { data: CollectionData }, notes: readonly RenderedNote[], context: RenderContext): string {
  const lang = collection.data.languages[0] ?? 'en';
  const locale = localeFor(context, lang);
  const here = layout.collectionIndex(collection.data.id);
  const slugs = [...new Set(notes.map((n) => n.slug))];
  const entries = slugs.map((slug) => {
    const editions = notes.filter((n) => n.slug === slug);
    const first = editions[0] as RenderedNote;
    return {
      eyebrow: first.view.eyebrowInTitle ? first.view.eyebrow : undefined,
      title: first.view.title,
      kindLabel: first.view.kindLabel,
      links: editions.map((e): IndexLink => ({ href: hrefTo(here, layout.note(e.collection, slug, e.lang, 'html')), label: `${t(locale, 'html')} (${e.lang})`, lang: e.lang })),
    };
  });
  const combined = collection.data.languages.map((l): IndexLink => ({
    href: hrefTo(here, layout.combined(collection.data.id, l, 'html')),
    label: `${t(locale, 'html')} (${l})`,
    lang: l,
  }));
  return indexPage(context, locale, { collection: collectionView(locale, collection.data), entries, combined }, collection.data.name, lookFor(context.theme, collection.data.id));
}

/** Render the root index page listing every collection. */
export function renderRootIndex(collections: readonly CollectionData[], context: RenderContext): string {
  const locale = localeFor(context, 'en');
  const entries = collections.map((c) => ({
    title: c.name,
    links: [{ href: hrefTo(layout.rootIndex(), layout.collectionIndex(c.id)), label: c.shortName ?? c.name }],
  }));
  return indexPage(context, locale, { entries }, t(locale, 'collections'), context.theme?.project);
}

/** The built-in styles, then the look's (page size, margins, the project's stylesheets). */
function stylesOf(context: RenderContext, look: Look | undefined): string {
  return look?.css ? `${context.styles}\n${look.css}` : context.styles;
}

function indexPage(context: RenderContext, locale: Locale, view: object, title: string, look: Look | undefined): string {
  return context.templates.layout(
    {
      lang: locale.lang,
      dir: locale.dir,
      version: context.version,
      pageTitle: title,
      styles: stylesOf(context, look),
      bodyClass: 'doc index',
      content: context.templates.index(view, locale),
    },
    locale,
  );
}

/** The document's name in its running header: "Workshop 7" or a shortened title. */
function runningTitle(view: NoteView): string {
  if (view.eyebrowInTitle && view.eyebrow) return `${view.eyebrow}: ${view.kindLabel}`;
  return view.title.length > 70 ? `${view.title.slice(0, 67).replace(/\s+\S*$/, '')} …` : view.title;
}

/** The organisers of a note (its kind's organisers field), else of its collection, for metadata. */
export function authorsOf(note: NoteData, collection: CollectionData, kind: KindDefinition | undefined): string {
  const organisers = organisersOf(note, kind) ?? collection.organisers;
  return organisers.map((o) => o.name).join('; ');
}

/** Remove the footnotes section from a body tree and return it, so it can be printed last. */
function takeFootnotes(tree: HastRoot): HastRoot | undefined {
  const index = tree.children.findIndex((n) => n.type === 'element' && n.properties['dataFootnotes'] !== undefined);
  if (index === -1) return undefined;
  const [section] = tree.children.splice(index, 1) as [RootContent];
  return { type: 'root', children: [section] };
}

/** Move every heading down `by` levels (h2 → h3), for a note printed as a chapter. */
function shiftHeadings(tree: HastRoot, by: number): void {
  eachElement(tree, (node: Element) => {
    const match = /^h([1-6])$/.exec(node.tagName);
    if (match) node.tagName = `h${Math.min(6, Number(match[1]) + by)}`;
  });
}

