/**
 * Uzbek between its two scripts: the Latin alphabet of 1995 (oʻ gʻ with U+02BB, the tutuq with
 * U+02BC) and Cyrillic, by the rules of the official orthography, with an exception list for
 * Russian loanwords whose spelling the letters alone do not tell (цирк/sirk, октябр/oktabr …).
 */
import { APOSTROPHE, TURNED_COMMA } from './apostrophes.js';

/** Loanwords spelt by dictionary, not by letter rules (lower case; suffixes may follow). */
const LOANWORDS: readonly [latin: string, cyrillic: string][] = [
  ['sentabr', 'сентябр'],
  ['oktabr', 'октябр'],
  ['sirk', 'цирк'],
  ['sement', 'цемент'],
  ['tsement', 'цемент'],
  ['sex', 'цех'],
  ['tsex', 'цех'],
  ['ofitsiant', 'официант'],
  ['syezd', 'съезд'],
  ['litsey', 'лицей'],
  ['konsert', 'концерт'],
  ['konsepsiya', 'концепция'],
  ['konsept', 'концепт'],
  ['konsern', 'концерн'],
  ['prinsip', 'принцип'],
  ['dotsent', 'доцент'],
  ['sentr', 'центр'],
  ['albom', 'альбом'],
  ['film', 'фильм'],
  ['medal', 'медаль'],
  ['pyesa', 'пьеса'],
  ['kompyuter', 'компьютер'],
  ['obyekt', 'объект'],
  ['subyekt', 'субъект'],
  ['obyektiv', 'объектив'],
  ['podyezd', 'подъезд'],
  ['rayon', 'район'],
  ['mayor', 'майор'],
  ['aksent', 'акцент'],
  ['protsent', 'процент'],
  ['sitrus', 'цитрус'],
];

/** Words left in Latin letters in Cyrillic text: acronyms of organisations and technical terms. */
const KEEP = new Set(['UN', 'UNU', 'EGOV', 'DESA', 'DPIDG', 'DGB', 'ICT', 'IOT', 'IoT', 'AI', 'SDG', 'SDGS', 'SDGs', 'LNOB', 'EGDI', 'LOSI', 'OSS', 'APO', 'ESCAP', 'ECLAC', 'ESCWA', 'UNECA', 'UNPOG', 'USSD', 'PDF', 'HTML', 'URL']);

const LATIN_TO_CYRILLIC_LETTERS: Record<string, string> = {
  a: 'а', b: 'б', d: 'д', f: 'ф', g: 'г', h: 'ҳ', i: 'и', j: 'ж', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о',
  p: 'п', q: 'қ', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', x: 'х', y: 'й', z: 'з', c: 'ц', w: 'в',
};

const CYRILLIC_TO_LATIN_LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ж: 'j', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'x', ҳ: 'h', қ: 'q', ғ: `g${TURNED_COMMA}`,
  ў: `o${TURNED_COMMA}`, ш: 'sh', ч: 'ch', ё: 'yo', ю: 'yu', я: 'ya', э: 'e', ъ: APOSTROPHE, ь: '',
  щ: 'sh', ы: 'i',
};

const CYRILLIC_VOWELS = new Set(['а', 'е', 'ё', 'и', 'о', 'у', 'э', 'ю', 'я', 'ў']);
const SIGNS = `'\u2018\u2019\`\u00B4${TURNED_COMMA}${APOSTROPHE}`;

/** A word of either script: letters, with ʻ ʼ (or their look-alikes) inside. */
const WORD = new RegExp(`\\p{L}(?:[\\p{L}]|[${SIGNS}](?=\\p{L}))*`, 'gu');

type Case = 'lower' | 'upper' | 'title';

function caseOf(word: string): Case {
  const letters = [...word].filter((c) => /\p{L}/u.test(c) && c.toLowerCase() !== c.toUpperCase());
  if (letters.length > 1 && letters.every((c) => c === c.toUpperCase())) return 'upper';
  if (letters.length > 0 && letters[0] === letters[0]?.toUpperCase()) return 'title';
  return 'lower';
}

function applyCase(text: string, kind: Case): string {
  if (kind === 'upper') return text.toUpperCase();
  if (kind === 'title') return text.charAt(0).toUpperCase() + text.slice(1);
  return text;
}

/** A loanword's stem from the dictionary, and its suffix (e.g. -lar) by the letter rules. */
function fromDictionary(word: string, from: 0 | 1, rules: (suffix: string) => string): string | undefined {
  for (const pair of LOANWORDS) {
    const stem = pair[from];
    if (word.startsWith(stem)) return pair[from === 0 ? 1 : 0] + rules(word.slice(stem.length));
  }
  return undefined;
}

/** One lower-case Latin word to Cyrillic by the letter rules. */
function latinWord(word: string): string {
  const w = word.replace(new RegExp(`([og])[${SIGNS}]`, 'g'), `$1${TURNED_COMMA}`);
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string;
    const next = w[i + 1];
    const prev = out.slice(-1);
    const atStart = out === '';
    if (c === 'y' && next === 'o' && w[i + 2] === TURNED_COMMA) {
      out += 'йў';
      i += 2;
    } else if (c === 'y' && next === 'o') {
      out += 'ё';
      i++;
    } else if (c === 'y' && next === 'u') {
      out += 'ю';
      i++;
    } else if (c === 'y' && next === 'a') {
      out += 'я';
      i++;
    } else if (c === 'y' && next === 'e') {
      out += 'е';
      i++;
    } else if (c === 'o' && next === TURNED_COMMA) {
      out += 'ў';
      i++;
    } else if (c === 'g' && next === TURNED_COMMA) {
      out += 'ғ';
      i++;
    } else if (c === 's' && next === 'h') {
      out += 'ш';
      i++;
    } else if (c === 'c' && next === 'h') {
      out += 'ч';
      i++;
    } else if (c === 't' && next === 's' && (w.startsWith('iy', i + 2) || w.startsWith('io', i + 2))) {
      // -tsiya, -tsion of Russian loanwords: innovatsiya → инновация, innovatsion → инновацион.
      out += 'ц';
      i++;
    } else if (c === 's' && /[нкп]/.test(prev) && w.startsWith('iy', i + 1)) {
      // -nsiya, -ksiya, -psiya: funksiya → функция, aksiya → акция, konsepsiya → концепция.
      out += 'ц';
    } else if (c === 'e') {
      out += atStart || CYRILLIC_VOWELS.has(prev) ? 'э' : 'е';
    } else if (c === APOSTROPHE || SIGNS.includes(c)) {
      // The tutuq is ъ, except in sʼh, where it only keeps s and h apart (Асҳоб).
      out += prev === 'с' && next === 'h' ? '' : 'ъ';
    } else {
      out += LATIN_TO_CYRILLIC_LETTERS[c] ?? c;
    }
  }
  return out;
}

/** One lower-case Cyrillic word to Latin by the letter rules. */
function cyrillicWord(w: string): string {
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string;
    const prev = w[i - 1];
    if (c === 'е') {
      out += i === 0 || (prev !== undefined && (CYRILLIC_VOWELS.has(prev) || prev === 'ъ' || prev === 'ь')) ? 'ye' : 'e';
    } else if (c === 'ц') {
      out += i > 0 && prev !== undefined && CYRILLIC_VOWELS.has(prev) ? 'ts' : 's';
    } else if (c === 'с' && w[i + 1] === 'ҳ') {
      out += `s${APOSTROPHE}`;
    } else if (c === 'ъ' && w[i + 1] !== undefined && 'еёюя'.includes(w[i + 1] as string)) {
      // объект → obyekt: the hard sign before a iotated vowel is carried by the y.
      out += '';
    } else {
      out += CYRILLIC_TO_LATIN_LETTERS[c] ?? c;
    }
  }
  return out;
}

function convert(text: string, to: 'cyrillic' | 'latin'): string {
  return text.replace(WORD, (word) => {
    if (KEEP.has(word)) return word;
    const isCyrillic = /[\u0400-\u04FF]/u.test(word);
    if ((to === 'cyrillic') === isCyrillic) return word;
    const kind = caseOf(word);
    const lower = word.toLowerCase();
    const rules = to === 'cyrillic' ? latinWord : cyrillicWord;
    const converted = fromDictionary(lower, to === 'cyrillic' ? 0 : 1, rules) ?? rules(lower);
    return applyCase(converted, kind);
  });
}

/** Uzbek Latin text to Cyrillic: Oʻzbekiston → Ўзбекистон. */
export function latinToCyrillic(text: string): string {
  return convert(text, 'cyrillic');
}

/** Uzbek Cyrillic text to Latin: Ўзбекистон → Oʻzbekiston. */
export function cyrillicToLatin(text: string): string {
  return convert(text, 'latin');
}

/** Spans of Markdown that are never transliterated: code, URLs, emails, HTML, footnote labels. */
const PROTECTED = new RegExp(
  [
    '```[\\s\\S]*?```', // fenced code
    '~~~[\\s\\S]*?~~~', // fenced code with tildes
    '`[^`\\n]+`', // inline code
    '<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\\s]*>', // autolinks
    '<\\/?[a-zA-Z][^>]*>', // HTML tags
    '\\]\\([^)\\s]*(?:\\s+"[^"]*")?\\)', // link destinations
    '\\[\\^[^\\]]+\\]', // footnote labels
    '\\b(?:https?:\\/\\/|www\\.)[^\\s<>)\\]]+', // bare URLs
    '[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+', // emails
    '^ {0,3}\\[[^\\]]+\\]:\\s*\\S+', // link definitions
  ].join('|'),
  'gm',
);

/** Transliterate prose, leaving the protected spans (code, URLs, emails, HTML, labels) alone. */
export function transliterateText(text: string, to: 'uz-Cyrl' | 'uz-Latn'): string {
  const fn = to === 'uz-Cyrl' ? latinToCyrillic : cyrillicToLatin;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    out += fn(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + fn(text.slice(last));
}

/**
 * Transliterate a whole Markdown note: the body's prose; the front matter is left exactly as
 * it is (an edition's translated fields are handled by the edition writer, which knows them).
 */
export function transliterateMarkdown(markdown: string, to: 'uz-Cyrl' | 'uz-Latn'): string {
  const front = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown);
  const head = front ? front[0] : '';
  return head + transliterateText(markdown.slice(head.length), to);
}
