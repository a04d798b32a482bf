import type { Element, Root } from 'hast';
import { resolveLocal } from '../model/links.js';
import { eachElement } from './each-element.js';

/** A local file a note uses, read by the `assets` step: its bytes and media type. */
export interface Asset {
  bytes: Uint8Array;
  type: string;
}

/** What the image plugin reads from `file.data.render`. */
export interface ImageRenderData {
  /** The note's path relative to the notes folder. */
  from: string;
  assets: ReadonlyMap<string, Asset>;
  /** Prefix of the class names given to images shown more than once (unique per note). */
  prefix?: string;
}

/**
 * Replace each local image's path by a `data:` URL of its bytes, so an HTML edition is one
 * self-contained file and printing never has to read the disk. Images that are not local
 * files of the notes folder lose their `src`.
 *
 * An image shown more than once is inlined once: its `<img>`s share a class whose style gives
 * them the picture (CSS `content: url(…)` replaces an element's content in every browser). A note
 * that shows one 1 MB image 2,100 times would otherwise make a page of 2.8 GB, past what a
 * string can hold.
 */
export function inlineImages(tree: Root, data: ImageRenderData): void {
  const uses = new Map<string, Element[]>();
  eachElement(tree, (node: Element) => {
    if (node.tagName !== 'img' || typeof node.properties['src'] !== 'string') return;
    const target = resolveLocal(data.from, node.properties['src']);
    if (target.kind === 'external') return;
    const asset = target.kind === 'local' ? data.assets.get(target.path) : undefined;
    if (!asset || target.kind !== 'local') {
      delete node.properties['src'];
      return;
    }
    uses.set(target.path, [...(uses.get(target.path) ?? []), node]);
  });
  const rules: string[] = [];
  for (const [file, nodes] of uses) {
    const asset = data.assets.get(file) as Asset;
    if (nodes.length === 1) {
      (nodes[0] as Element).properties['src'] = toDataUrl(asset);
      continue;
    }
    const name = `${safeClassPrefix(data.prefix)}image-${rules.length + 1}`;
    rules.push(`img.${name}{content:url("${toDataUrl(asset)}")}`);
    for (const node of nodes) {
      delete node.properties['src'];
      const classes = node.properties['className'];
      node.properties['className'] = [...(Array.isArray(classes) ? classes.map(String) : []), name];
    }
  }
  if (rules.length > 0) {
    tree.children.unshift({ type: 'element', tagName: 'style', properties: {}, children: [{ type: 'text', value: rules.join('\n') }] });
  }
}

/** A class-name prefix from a note's id prefix: only the characters CSS takes without escapes. */
function safeClassPrefix(prefix: string | undefined): string {
  const hex = [...(prefix ?? '')].map((c) => (/[A-Za-z0-9_-]/.test(c) ? c : `_${(c.codePointAt(0) ?? 0).toString(16)}`)).join('');
  return `notes-${hex}`;
}

/** A `data:` URL for an asset. */
export function toDataUrl(asset: Asset): string {
  return `data:${asset.type};base64,${Buffer.from(asset.bytes).toString('base64')}`;
}

/** The rehype plugin form of {@link inlineImages}, reading `file.data.render`. */
export default function rehypeInlineImages() {
  return (tree: Root, file: { data: { render?: ImageRenderData & { prefix?: string } } }): void => {
    if (file.data.render) inlineImages(tree, file.data.render);
  };
}
