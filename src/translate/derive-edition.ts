import { isMap, isScalar, parseDocument, visit } from 'yaml';
import { transliterateMarkdown, transliterateText } from './uzbek-script.js';

/**
 * Derive an Uzbek edition in the other script from an edition file's text: the translated
 * front-matter values and the body are transliterated (keys never); the `translation` block keeps
 * its source, status and segment hashes (the source has not changed) and gets the new language.
 */
export function deriveEdition(text: string, to: 'uz-Cyrl' | 'uz-Latn'): string {
  const front = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!front) return transliterateMarkdown(text, to);
  const doc = parseDocument(front[1] ?? '');
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'translation') {
        if (isMap(pair.value)) pair.value.set('lang', to);
        return visit.SKIP;
      }
      if (isScalar(pair.value) && typeof pair.value.value === 'string') pair.value.value = transliterateText(pair.value.value, to);
      return undefined;
    },
    Seq(_, seq) {
      for (const item of seq.items) {
        if (isScalar(item) && typeof item.value === 'string') item.value = transliterateText(item.value, to);
      }
    },
  });
  const body = text.slice(front[0].length);
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${transliterateMarkdown(body, to)}`;
}
