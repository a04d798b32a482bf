import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import rehypeRawWhenPresent from '../plugins/rehype-raw-when-present.js';
import rehypeInlineImages, { type ImageRenderData } from '../plugins/rehype-inline-images.js';
import rehypePrefixIds from '../plugins/rehype-prefix-ids.js';
import rehypeSectionize from '../plugins/rehype-sectionize.js';
import rehypeSessions, { type SessionRenderData } from '../plugins/rehype-sessions.js';

/** What the body plugins read from `file.data.render`. */
export interface BodyRenderData extends SessionRenderData, ImageRenderData {
  /** Prefix for every id of the body, unique per note. */
  prefix: string;
  /** The id of the document's title, which also labels each section. */
  titleId: string;
}

/** Labels the body needs, in the edition's language. */
export interface BodyLabels {
  /** The footnotes heading. */
  footnotes: string;
  /** The label of a footnote's link back to the text, given the reference number. */
  backToContent: (n: string) => string;
}

declare module 'vfile' {
  interface DataMap {
    render: BodyRenderData;
  }
}

/**
 * What raw HTML may keep: GitHub's schema (as rehype-sanitize ships it), without its id
 * clobbering, because every id of a body is prefixed per note afterwards instead, and without
 * the three attributes that hold an address the schema does not check: `srcset` of `<source>`
 * (`<picture><source srcset="file:///etc/passwd">` passed it, found by the fuzz tests), `action`
 * (allowed on every element) and `longdesc`.
 */
const UNCHECKED = new Set(['srcSet', 'action', 'longDesc']);
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: Object.fromEntries(
    Object.entries(defaultSchema.attributes ?? {}).map(([tag, list]) => [tag, list.filter((a) => !UNCHECKED.has(Array.isArray(a) ? String(a[0]) : String(a)))]),
  ),
  clobber: [],
  clobberPrefix: '',
  // Elements removed with their content, not just their tags: a style sheet must not print as text.
  strip: ['script', 'style', 'template', 'noscript', 'title', 'textarea', 'xmp'],
};

/** Markdown tree → sanitized HTML tree, built once per run. */
export type BodyProcessor = Processor<MdastRoot, MdastRoot, HastRoot>;

/** Build the body processor for one language: remark-rehype, raw HTML parsed then sanitized, our plugins. */
export function createBodyProcessor(labels: BodyLabels): BodyProcessor {
  return unified()
    .use(remarkRehype, {
      allowDangerousHtml: true,
      clobberPrefix: '',
      footnoteLabel: labels.footnotes,
      footnoteBackLabel: (index: number) => labels.backToContent(String(index + 1)),
    })
    .use(rehypeRawWhenPresent)
    .use(rehypeSanitize, schema)
    .use(rehypeSlug)
    .use(rehypeSessions)
    .use(rehypeInlineImages)
    .use(rehypeSectionize)
    .use(rehypePrefixIds) as unknown as BodyProcessor;
}

/** Turn a note's body into an HTML tree, with the edition's labels set on the file. */
export function renderBody(processor: BodyProcessor, tree: MdastRoot, file: VFile, data: BodyRenderData): HastRoot {
  file.data.render = data;
  // mdast-util-to-hast builds a new tree and leaves the Markdown tree as it is: no copy needed.
  return processor.runSync(tree, file);
}
