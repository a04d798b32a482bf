import { joinList, languageName } from './locale.js';
import type { FactFormat } from './fact-format.js';

/** A value as a list of texts: a list's items, or the one value. */
function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The facts of text: as written, a list in a sentence, bulleted items, language names. */
export const TEXT_FORMATS: Readonly<Record<string, FactFormat>> = {
  text: (_locale, value) => ({ text: String(value) }),
  list: (locale, value) => ({ text: joinList(locale.lang, texts(value)) }),
  items: (_locale, value) => ({ items: texts(value) }),
  languages: (locale, value) => ({ text: joinList(locale.lang, texts(value).map((tag) => languageName(locale.lang, tag))) }),
};
