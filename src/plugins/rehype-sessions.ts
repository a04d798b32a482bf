import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { SESSION_HEADING } from '../model/sessions.js';
import { eachElement } from './each-element.js';

/** What the session plugin reads from `file.data.render`. */
export interface SessionRenderData {
  sessions?: readonly { title: string; minutes?: number }[];
  /** The localized duration, e.g. "20 minutes". */
  duration: (minutes: number) => string;
  /** What a session heading looks like in the edition's language (and, for untranslated ones, the source's). */
  sessionPatterns?: readonly RegExp[];
}

/**
 * Print each session's length from the front matter in its `### Session N: …` heading, so the
 * minutes are written once (in the front matter) and never retyped by authors or translators.
 */
export function annotateSessions(tree: Root, data: SessionRenderData): void {
  const sessions = data.sessions ?? [];
  eachElement(tree, (node: Element) => {
    if (node.tagName !== 'h3') return;
    node.properties['className'] = ['session-heading'];
    const text = toString(node).trim();
    const match = (data.sessionPatterns ?? [SESSION_HEADING]).map((p) => p.exec(text)).find(Boolean);
    const minutes = match ? sessions[Number(match[1]) - 1]?.minutes : undefined;
    if (minutes === undefined) return;
    node.children.push(
      { type: 'text', value: ' ' },
      { type: 'element', tagName: 'span', properties: { className: ['duration'] }, children: [{ type: 'text', value: `(${data.duration(minutes)})` }] },
    );
  });
}

/** The rehype plugin form of {@link annotateSessions}, reading `file.data.render`. */
export default function rehypeSessions() {
  return (tree: Root, file: { data: { render?: SessionRenderData } }): void => {
    if (file.data.render) annotateSessions(tree, file.data.render);
  };
}
