/** U+02BB MODIFIER LETTER TURNED COMMA: the sign of oʻ and gʻ in Uzbek Latin. */
export const TURNED_COMMA = '\u02BB';
/** U+02BC MODIFIER LETTER APOSTROPHE: the tutuq (glottal stop) in Uzbek Latin, as in maʼno. */
export const APOSTROPHE = '\u02BC';

/** Characters typed in place of ʻ and ʼ: straight and curly quotes, backtick, acute accent. */
const LOOKALIKES = "'\u2018\u2019`\u00B4";

/** One look-alike sign and what Uzbek Latin orthography writes instead. */
export interface ApostropheFix {
  /** Index of the wrong character in the text. */
  index: number;
  found: string;
  expected: string;
}

const SIGN = new RegExp(`(?<=\\p{L})[${LOOKALIKES}\u02BB\u02BC](?=\\p{L})`, 'gu');

/**
 * Find look-alike apostrophes between two letters in Uzbek Latin text: after o or g it is the
 * turned comma (oʻ, gʻ), elsewhere the tutuq (maʼno). Quotation marks at word edges are left.
 */
export function findApostrophes(text: string): ApostropheFix[] {
  const fixes: ApostropheFix[] = [];
  for (const match of text.matchAll(SIGN)) {
    const index = match.index;
    const before = text[index - 1] ?? '';
    const expected = /[oOgG]/.test(before) ? TURNED_COMMA : APOSTROPHE;
    if (match[0] !== expected) fixes.push({ index, found: match[0], expected });
  }
  return fixes;
}

/** Apply fixes found by {@link findApostrophes} (one character each). */
export function applyApostrophes(text: string, fixes: readonly { index: number; expected: string }[]): string {
  let out = '';
  let last = 0;
  for (const fix of [...fixes].sort((a, b) => a.index - b.index)) {
    out += text.slice(last, fix.index) + fix.expected;
    last = fix.index + 1;
  }
  return out + text.slice(last);
}

/** How a character is named in messages. */
export function describeChar(c: string): string {
  return `${c} (U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`;
}
