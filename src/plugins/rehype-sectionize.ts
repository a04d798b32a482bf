import type { Element, ElementContent, Root, RootContent } from 'hast';

/**
 * Wrap each `h2` and what follows it (up to the next `h2`, or a thematic break `---` that
 * closes the section) in a `<section>` labelled by the heading: sections are landmarks for
 * screen readers and the unit the print layouts work with.
 */
export function sectionize(tree: Root, titleId?: string): void {
  const out: RootContent[] = [];
  let current: Element | undefined;
  for (const node of tree.children) {
    if (node.type === 'element' && node.tagName === 'h2') {
      const id = typeof node.properties['id'] === 'string' ? node.properties['id'] : undefined;
      current = {
        type: 'element',
        tagName: 'section',
        // Labelled by its heading and the document's title, so that sections of several notes
        // in one combined document keep distinct names.
        properties: id ? { ariaLabelledBy: titleId ? [id, titleId] : [id] } : {},
        children: [node],
      };
      out.push(current);
    } else if (node.type === 'element' && node.tagName === 'hr' && current) {
      current = undefined;
      out.push(node);
    } else if (current && !(node.type === 'element' && node.properties['dataFootnotes'] !== undefined)) {
      current.children.push(node as ElementContent);
    } else {
      out.push(node);
    }
  }
  tree.children = out;
}

/** The rehype plugin form of {@link sectionize}, reading the title's id from `file.data.render`. */
export default function rehypeSectionize() {
  return (tree: Root, file: { data: { render?: { titleId?: string } } }): void => sectionize(tree, file.data.render?.titleId);
}
