import type { Nodes, Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import type { VFile } from 'vfile';

/** Whether a tree holds raw HTML (mdast `html` nodes become hast `raw` nodes). */
export function hasRaw(node: Nodes): boolean {
  if (node.type === 'raw') return true;
  return 'children' in node && node.children.some((child) => hasRaw(child as Nodes));
}

/**
 * rehype-raw, run only when the body holds raw HTML: it re-parses the whole tree through parse5,
 * which is most of the cost of rendering a note, and changes nothing in a tree without raw nodes.
 */
export default function rehypeRawWhenPresent(): (tree: Root, file: VFile) => Root {
  const transform = rehypeRaw() as unknown as (tree: Root, file: VFile) => Root;
  return (tree, file) => (hasRaw(tree) ? transform(tree, file) : tree);
}
