import { applyApostrophes, findApostrophes } from '../translate/apostrophes.js';
import type { DateRange } from '../model/types.js';

/** The labels and conventions of one language edition. */
export interface Locale {
  /** BCP 47 tag of the edition, e.g. en, uz-Latn. */
  lang: string;
  /** Writing direction. */
  dir: 'ltr' | 'rtl';
  /** Label key → text with `{name}` placeholders. */
  messages: Readonly<Record<string, string>>;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** A locale for `lang` from its messages; English fills any label a language lacks. */
export function createLocale(lang: string, messages: Record<string, string>, fallback: Record<string, string> = {}): Locale {
  const primary = lang.split('-')[0] ?? lang;
  return { lang, dir: RTL.has(primary) ? 'rtl' : 'ltr', messages: { ...fallback, ...messages } };
}

/** The label `key`, with `{name}` placeholders filled from `vars`. */
export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const template = locale.messages[key];
  if (template === undefined) throw new Error(`No label "${key}" for ${locale.lang}`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** The label `key` in the plural form CLDR gives `n` in this language ("1 minute", "20 minutes"). */
export function plural(locale: Locale, key: string, n: number): string {
  const form = intl('plural', locale.lang, () => new Intl.PluralRules(intlLocale(locale.lang))).select(n);
  const chosen = locale.messages[`${key}.${form}`] !== undefined ? `${key}.${form}` : `${key}.other`;
  return t(locale, chosen, { n });
}

/** Intl formatters are costly to make (CLDR data is looked up each time): one per kind and language. */
const formatters = new Map<string, unknown>();
function intl<T>(kind: string, lang: string, make: () => T): T {
  const key = `${kind} ${lang}`;
  let found = formatters.get(key) as T | undefined;
  if (found === undefined) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

/** The Intl locale to format with: UN English writes day month year; Arabic editions use 0–9. */
function intlLocale(lang: string): string {
  if (lang === 'en') return 'en-GB';
  if (lang === 'ar' || lang.startsWith('ar-')) return 'ar-u-nu-latn';
  return lang;
}

/**
 * Uzbek dates as Uzbek style guides write them, which Intl does not: "2025-yil 23-iyun" in
 * Latin and "2025 йил 23 июн" in Cyrillic (month names of the official orthography).
 */
const UZBEK = {
  'uz-Latn': {
    months: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avgust', 'sentabr', 'oktabr', 'noyabr', 'dekabr'],
    year: (y: string) => `${y}-yil`,
    day: (d: number) => `${d}-`,
  },
  'uz-Cyrl': {
    months: ['январ', 'феврал', 'март', 'апрел', 'май', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'],
    year: (y: string) => `${y} йил`,
    day: (d: number) => `${d} `,
  },
} as const;

function uzbek(lang: string): (typeof UZBEK)[keyof typeof UZBEK] | undefined {
  if (lang === 'uz' || lang === 'uz-Latn') return UZBEK['uz-Latn'];
  if (lang === 'uz-Cyrl') return UZBEK['uz-Cyrl'];
  return undefined;
}

function parts(iso: string): { y: string; m: number; d: number } {
  const [y = '', m = '1', d = '1'] = iso.split('-');
  return { y, m: Number(m), d: Number(d) };
}

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

const dayFormat = (lang: string): Intl.DateTimeFormat =>
  intl('day', lang, () => new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));

/** 22 April 2024 (in the edition's language). */
export function formatDate(lang: string, iso: string): string {
  const uz = uzbek(lang);
  if (uz) {
    const { y, m, d } = parts(iso);
    return `${uz.year(y)} ${uz.day(d)}${uz.months[m - 1]}`;
  }
  return dayFormat(lang).format(utc(iso));
}

/** 23–25 June 2025; 30 June – 2 July 2025 (in the edition's language). */
export function formatDateRange(lang: string, range: DateRange): string {
  // ICU's formatRange is slow, and every note of a forum prints the same few ranges: once each.
  const key = `${lang} ${range.start} ${range.end}`;
  let text = formattedRanges.get(key);
  if (text === undefined) {
    text = dateRange(lang, range);
    formattedRanges.set(key, text);
  }
  return text;
}

const formattedRanges = new Map<string, string>();

function dateRange(lang: string, range: DateRange): string {
  if (range.start === range.end) return formatDate(lang, range.start);
  const uz = uzbek(lang);
  if (uz) {
    const a = parts(range.start);
    const b = parts(range.end);
    if (a.y === b.y && a.m === b.m) return `${uz.year(a.y)} ${a.d}\u2013${uz.day(b.d)}${uz.months[b.m - 1]}`;
    if (a.y === b.y) return `${uz.year(a.y)} ${uz.day(a.d)}${uz.months[a.m - 1]} \u2013 ${uz.day(b.d)}${uz.months[b.m - 1]}`;
    return `${formatDate(lang, range.start)} \u2013 ${formatDate(lang, range.end)}`;
  }
  if (lang === 'zh' || lang.startsWith('zh-')) {
    // Chinese writes 2025年6月23日至25日; Node's ICU falls back to numeric dates for ranges.
    const a = parts(range.start);
    const b = parts(range.end);
    const start = formatDate(lang, range.start);
    if (a.y === b.y && a.m === b.m) return `${start}至${b.d}日`;
    return `${start}至${a.y === b.y ? `${b.m}月${b.d}日` : formatDate(lang, range.end)}`;
  }
  // ICU spaces the dash even between two numbers ("23 – 25 June"); typesetters close it up.
  return dayFormat(lang)
    .formatRange(utc(range.start), utc(range.end))
    .replace(/(\d)[\s\u2009]+\u2013[\s\u2009]+(\d)/u, '$1\u2013$2')
    .replace(/\u2009/g, ' ');
}

/** March 2025 – March 2027 (in the edition's language). */
export function formatMonthRange(lang: string, range: DateRange): string {
  const uz = uzbek(lang);
  if (uz) {
    const month = (iso: string): string => `${uz.year(parts(iso).y)} ${uz.months[parts(iso).m - 1]}`;
    return range.start === range.end ? month(range.start) : `${month(range.start)} \u2013 ${month(range.end)}`;
  }
  const f = intl('month', lang, () => new Intl.DateTimeFormat(intlLocale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  const start = utc(`${range.start}-01`);
  const end = utc(`${range.end}-01`);
  return range.start === range.end ? f.format(start) : f.formatRange(start, end).replace(/\u2009/g, ' ');
}

/** The name of a language in the edition's language: en → English. */
export function languageName(lang: string, tag: string): string {
  let name: string;
  try {
    name = intl('language', lang, () => new Intl.DisplayNames([intlLocale(lang)], { type: 'language' })).of(tag) ?? tag;
  } catch {
    name = tag;
  }
  // CLDR writes Uzbek names with ‘ (U+2018); Uzbek orthography writes oʻ with U+02BB.
  return uzbek(lang) === UZBEK['uz-Latn'] ? applyApostrophes(name, findApostrophes(name)) : name;
}

/** A, B and C (in the edition's language). */
export function joinList(lang: string, items: readonly string[]): string {
  return intl('list', lang, () => new Intl.ListFormat(intlLocale(lang), { style: 'long', type: 'conjunction' })).format(items);
}
