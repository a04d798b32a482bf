import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';

/** A heading of a document: its id, level (1–6) and text. */
export interface Heading {
  id: string;
  level: number;
  title: string;
}

/** The headings with an id, up to `maxLevel`, in document order. */
export function headingsOf(html: string, maxLevel = 3): Heading[] {
  const headings: Heading[] = [];
  visit(fromHtml(html), 'element', (node: Element) => {
    const match = /^h([1-6])$/.exec(node.tagName);
    const id = node.properties['id'];
    if (!match || typeof id !== 'string') return;
    const level = Number(match[1]);
    if (level <= maxLevel) headings.push({ id, level, title: toString(node).replace(/\s+/g, ' ').trim() });
  });
  return headings;
}

/**
 * Add one invisible link to every heading, so Chromium records a named destination for each
 * (it does so only for link targets); the bookmarks then point at exact places.
 */
export function withHeadingAnchors(html: string, headings: readonly Heading[]): string {
  const links = headings.map((h) => `<a href="#${encodeURIComponent(h.id)}"> </a>`).join('');
  const nav = `<div aria-hidden="true" style="position:absolute;top:0;left:0;width:1px;height:1px;overflow:hidden;font-size:1px;color:transparent">${links}</div>`;
  return html.replace(/<\/body>/, `${nav}</body>`);
}

interface Node {
  heading: Heading;
  children: Node[];
}

function nest(headings: readonly Heading[]): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const heading of headings) {
    const node: Node = { heading, children: [] };
    while (stack.length > 0 && (stack[stack.length - 1] as Node).heading.level >= heading.level) stack.pop();
    (stack.length > 0 ? (stack[stack.length - 1] as Node).children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/**
 * Write the PDF's bookmarks from the document's headings, each pointing at the named
 * destination Chromium made for it. Headings without a destination are left out.
 */
export function addOutline(doc: PDFDocument, headings: readonly Heading[], destinations: ReadonlySet<string>): void {
  const tree = nest(headings.filter((h) => destinations.has(h.id)));
  if (tree.length === 0) return;
  const context = doc.context;
  const outlinesRef = context.nextRef();

  const build = (nodes: Node[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = nodes.map(() => context.nextRef());
    let count = 0;
    nodes.forEach((node, i) => {
      const dict = context.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(node.heading.title));
      dict.set(PDFName.of('Parent'), parent);
      dict.set(PDFName.of('Dest'), PDFName.of(node.heading.id));
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1] as PDFRef);
      if (i < nodes.length - 1) dict.set(PDFName.of('Next'), refs[i + 1] as PDFRef);
      if (node.children.length > 0) {
        const sub = build(node.children, refs[i] as PDFRef);
        dict.set(PDFName.of('First'), sub.first);
        dict.set(PDFName.of('Last'), sub.last);
        // Open the first two levels: a reader sees the chapters and their sections.
        dict.set(PDFName.of('Count'), PDFNumber.of(node.heading.level <= 1 ? sub.count : -sub.count));
        count += node.heading.level <= 1 ? sub.count : 0;
      }
      context.assign(refs[i] as PDFRef, dict);
      count += 1;
    });
    return { first: refs[0] as PDFRef, last: refs[refs.length - 1] as PDFRef, count };
  };

  const top = build(tree, outlinesRef);
  context.assign(outlinesRef, context.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count }));
  doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
