import type { Element, Root } from 'hast';
import { eachElement } from './each-element.js';

/**
 * Prefix every id in a note's body, and every in-page link and ARIA reference to one, so that
 * notes placed side by side in a combined document (and the template's own ids) never collide.
 */
export function prefixIds(tree: Root, prefix: string): void {
  const ids = new Set<string>();
  eachElement(tree, (node: Element) => {
    if (typeof node.properties['id'] === 'string') ids.add(node.properties['id']);
  });
  eachElement(tree, (node: Element) => {
    const props = node.properties;
    if (typeof props['id'] === 'string') props['id'] = prefix + props['id'];
    for (const key of ['ariaDescribedBy', 'ariaLabelledBy'] as const) {
      const value = props[key];
      if (Array.isArray(value)) props[key] = value.map((v) => (ids.has(String(v)) ? prefix + String(v) : v));
    }
    const href = props['href'];
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#') && ids.has(decodeFragment(href.slice(1)))) {
      props['href'] = `#${prefix}${href.slice(1)}`;
    }
  });
}

/** A link's fragment as an id; a malformed escape (`#%zz`) is kept as written. */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The rehype plugin form of {@link prefixIds}, reading the prefix from `file.data.render`. */
export default function rehypePrefixIds() {
  return (tree: Root, file: { data: { render?: { prefix: string } } }): void => {
    prefixIds(tree, file.data.render?.prefix ?? '');
  };
}
