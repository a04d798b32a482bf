import type { Element, Root } from 'hast';
import { resolveLocal } from '../pipeline/paths.js';
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
}

/**
 * Replace each local image's path by a `data:` URL of its bytes, so an HTML edition is one
 * self-contained file and printing never has to read the disk. Images that are not local
 * files of the notes folder lose their `src`.
 */
export function inlineImages(tree: Root, data: ImageRenderData): void {
  eachElement(tree, (node: Element) => {
    if (node.tagName !== 'img' || typeof node.properties['src'] !== 'string') return;
    const target = resolveLocal(data.from, node.properties['src']);
    if (target.kind === 'external') return;
    const asset = target.kind === 'local' ? data.assets.get(target.path) : undefined;
    if (asset) node.properties['src'] = toDataUrl(asset);
    else delete node.properties['src'];
  });
}

/** A `data:` URL for an asset. */
export function toDataUrl(asset: Asset): string {
  return `data:${asset.type};base64,${Buffer.from(asset.bytes).toString('base64')}`;
}

/** The rehype plugin form of {@link inlineImages}, reading `file.data.render`. */
export default function rehypeInlineImages() {
  return (tree: Root, file: { data: { render?: ImageRenderData } }): void => {
    if (file.data.render) inlineImages(tree, file.data.render);
  };
}
