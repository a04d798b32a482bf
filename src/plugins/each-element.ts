import type { Element, Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';

/**
 * Call `fn` on every element of a tree, depth first in document order, after which its children
 * (as `fn` left them) are walked. unist-util-visit does the same but builds an array of ancestors
 * for every node; these walks run over every note of a build, several times, and need none.
 */
export function eachElement(tree: HastRoot | Element, fn: (node: Element) => void): void {
  const stack: (HastRoot | Element)[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as HastRoot | Element;
    if (node.type === 'element') fn(node);
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child?.type === 'element') stack.push(child);
    }
  }
}

/** Call `fn` on every Markdown node of type `type`, in document order. */
export function eachMdast<T extends MdastNodes['type']>(tree: MdastRoot, type: T, fn: (node: Extract<MdastNodes, { type: T }>) => void): void {
  const stack: MdastNodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as MdastNodes;
    if (node.type === type) fn(node as Extract<MdastNodes, { type: T }>);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as MdastNodes);
  }
}
