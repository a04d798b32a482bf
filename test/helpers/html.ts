import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';

/** A parsed HTML page with CSS-selector queries, for asserting what a reader sees. */
export interface Page {
  tree: Root;
  /** Text of the first element matching `selector` (whitespace collapsed), or undefined. */
  text(selector: string): string | undefined;
  /** Texts of every element matching `selector`. */
  texts(selector: string): string[];
  /** Every element matching `selector`. */
  all(selector: string): Element[];
  /** The first element matching `selector`. */
  one(selector: string): Element | undefined;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Parse an HTML page for queries. */
export function page(html: string): Page {
  const tree = fromHtml(html);
  return {
    tree,
    text: (s) => {
      const node = select(s, tree);
      return node ? squash(toString(node)) : undefined;
    },
    texts: (s) => selectAll(s, tree).map((n) => squash(toString(n))),
    all: (s) => selectAll(s, tree),
    one: (s) => select(s, tree),
  };
}
