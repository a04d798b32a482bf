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

/** The Intl locale to format dates with: UN English writes day month year. */
function intlLocale(lang: string): string {
  return lang === 'en' ? 'en-GB' : lang;
}

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

const dayFormat = (lang: string): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 22 April 2024 (in the edition's language). */
export function formatDate(lang: string, iso: string): string {
  return dayFormat(lang).format(utc(iso));
}

/** 23–25 June 2025; 30 June – 2 July 2025 (in the edition's language). */
export function formatDateRange(lang: string, range: DateRange): string {
  if (range.start === range.end) return formatDate(lang, range.start);
  // ICU spaces the dash even between two numbers ("23 – 25 June"); typesetters close it up.
  return dayFormat(lang)
    .formatRange(utc(range.start), utc(range.end))
    .replace(/(\d)[\s\u2009]+\u2013[\s\u2009]+(\d)/u, '$1\u2013$2')
    .replace(/\u2009/g, ' ');
}

/** March 2025 – March 2027 (in the edition's language). */
export function formatMonthRange(lang: string, range: DateRange): string {
  const f = new Intl.DateTimeFormat(intlLocale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const start = utc(`${range.start}-01`);
  const end = utc(`${range.end}-01`);
  return range.start === range.end ? f.format(start) : f.formatRange(start, end).replace(/\u2009/g, ' ');
}

/** The name of a language in the edition's language: en → English. */
export function languageName(lang: string, tag: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(lang)], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** A, B and C (in the edition's language). */
export function joinList(lang: string, items: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(lang), { style: 'long', type: 'conjunction' }).format(items);
}
