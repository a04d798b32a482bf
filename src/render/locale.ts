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
export function intlLocale(lang: string): string {
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
  return frenchFirst(lang, dayFormat(lang).format(utc(iso)));
}

/** French writes the first of the month as an ordinal: 1er juillet (CLDR prints 1 juillet). */
function frenchFirst(lang: string, text: string): string {
  return lang === 'fr' || lang.startsWith('fr-') ? text.replace(/(?<![\d.])1(?=[\s\u00a0\u202f]+\p{L}|\u2013)/gu, '1er') : text;
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
  // ICU spaces the dash even between two days of one month ("23 – 25 June"); typesetters close it
  // up there, and keep it spaced between full dates ("1 July 2023 – 31 December 2025").
  const sameMonth = range.start.slice(0, 7) === range.end.slice(0, 7);
  const text = dayFormat(lang).formatRange(utc(range.start), utc(range.end));
  return frenchFirst(lang, (sameMonth ? text.replace(/(\d)[\s\u2009]+\u2013[\s\u2009]+(\d)/u, '$1\u2013$2') : text).replace(/\u2009/g, ' '));
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

/*
 * Days, times and time zones (issue 15): several separate days, a day with its weekday, a time of
 * day or a span of hours, and the time zone they are in, each as the edition's language writes it.
 */

const UZBEK_WEEKDAYS = {
  'uz-Latn': ['yakshanba', 'dushanba', 'seshanba', 'chorshanba', 'payshanba', 'juma', 'shanba'],
  'uz-Cyrl': ['якшанба', 'душанба', 'сешанба', 'чоршанба', 'пайшанба', 'жума', 'шанба'],
} as const;

/** A, B and C, where Uzbek in Cyrillic has no conjunction in CLDR ("16, 18, 19"): "16, 18 ва 19". */
function joinWords(lang: string, items: readonly string[]): string {
  const uz = uzbek(lang);
  if (!uz || items.length < 2) return joinList(lang, items);
  const and = uz === UZBEK['uz-Latn'] ? 'va' : 'ва';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/** Several days of one month: "16, 18 and 19 June 2025" ("16, 18 and 19 June" without the year). */
function daysOfMonth(lang: string, y: string, m: number, days: readonly number[], withYear: boolean): string {
  const uz = uzbek(lang);
  const list = days.map(String);
  if (uz) {
    const last = list.length - 1;
    const text = `${joinWords(lang, [...list.slice(0, last), `${uz.day(days[last] as number)}${uz.months[m - 1]}`])}`;
    return withYear ? `${uz.year(y)} ${text}` : text;
  }
  if (lang === 'zh' || lang.startsWith('zh-')) {
    return `${withYear ? `${y}年` : ''}${m}月${joinList(lang, list.map((d) => `${d}日`))}`;
  }
  const format = withYear ? dayFormat(lang) : dayMonthFormat(lang);
  const sample = utc(`${y}-${String(m).padStart(2, '0')}-${String(days[0]).padStart(2, '0')}`);
  return format
    .formatToParts(sample)
    .map((p) => (p.type === 'day' ? joinList(lang, list) : p.value))
    .join('')
    .replace(/\u2009/g, ' ');
}

const dayMonthFormat = (lang: string): Intl.DateTimeFormat =>
  intl('day-month', lang, () => new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'long', timeZone: 'UTC' }));

/**
 * Separate days (YYYY-MM-DD, in any order): "16, 18 and 19 June 2025"; over two months,
 * "30 June and 1 and 2 July 2025" ("2025年6月30日和7月1日和2日"); one day alone as
 * {@link formatDate} (in the edition's language).
 */
export function formatDays(lang: string, days: readonly string[]): string {
  const sorted = [...new Set(days)].sort();
  if (sorted.length === 0) return '';
  if (sorted.length === 1) return formatDate(lang, sorted[0] as string);
  const groups: { y: string; m: number; days: number[] }[] = [];
  for (const iso of sorted) {
    const { y, m, d } = parts(iso);
    const last = groups[groups.length - 1];
    if (last && last.y === y && last.m === m) last.days.push(d);
    else groups.push({ y, m, days: [d] });
  }
  const oneYear = groups.every((g) => g.y === groups[0]?.y);
  // The year is said once: after the last month, or before the first where the year comes first.
  const yearAt = uzbek(lang) || lang === 'zh' || lang.startsWith('zh-') ? 0 : groups.length - 1;
  const texts = groups.map((g, i) => daysOfMonth(lang, g.y, g.m, g.days, !oneYear || i === yearAt));
  return texts.length === 1 ? (texts[0] as string) : joinWords(lang, texts);
}

/** 16 June: a day without its year, for a programme whose year is said above it. */
export function formatDayMonth(lang: string, iso: string): string {
  const uz = uzbek(lang);
  const { m, d } = parts(iso);
  if (uz) return `${uz.day(d)}${uz.months[m - 1]}`;
  return dayMonthFormat(lang).format(utc(iso));
}

/** Monday 16 June 2025: a day with its weekday, capitalised as a heading (in the edition's language). */
export function formatWeekday(lang: string, iso: string): string {
  const uz = uzbek(lang);
  let text: string;
  if (uz) {
    const names = uz === UZBEK['uz-Latn'] ? UZBEK_WEEKDAYS['uz-Latn'] : UZBEK_WEEKDAYS['uz-Cyrl'];
    text = `${formatDate(lang, iso)}, ${names[utc(iso).getUTCDay()]}`;
  } else {
    const f = intl('weekday', lang, () => new Intl.DateTimeFormat(intlLocale(lang), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
    text = f.format(utc(iso)).replace(/\u2009/g, ' ');
  }
  return text.charAt(0).toLocaleUpperCase(intlLocale(lang).split('-u-')[0]) + text.slice(1);
}

/**
 * A time of day written HH:MM, as the edition's language writes it: 09:00 in most; 9 h 30 in
 * French (the Imprimerie nationale's rule, which Intl does not follow).
 */
export function formatTime(lang: string, hhmm: string): string {
  const [h = '0', m = '0'] = hhmm.split(':');
  if (lang === 'fr' || lang.startsWith('fr-')) return `${Number(h)}\u00a0h${m === '00' ? '' : `\u00a0${m}`}`;
  const f = intl('time', lang, () => new Intl.DateTimeFormat(intlLocale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }));
  return f.format(new Date(Date.UTC(2000, 0, 1, Number(h), Number(m))));
}

/** 09:00–12:30; in French 9 h – 12 h 30 (spaced, as the times hold spaces). Without an end, the start alone. */
export function formatTimeRange(lang: string, start: string, end?: string): string {
  const from = formatTime(lang, start);
  if (end === undefined || end === start) return from;
  const spaced = lang === 'fr' || lang.startsWith('fr-');
  return `${from}${spaced ? '\u00a0\u2013 ' : '\u2013'}${formatTime(lang, end)}`;
}

/** A UTC offset in minutes as printed: UTC+5, UTC+5:30, UTC−3 (a true minus), UTC. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const hm = abs % 60 === 0 ? String(abs / 60) : `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
  return `UTC${minutes < 0 ? '\u2212' : '+'}${hm}`;
}

/** A time zone written as an offset (`UTC+5`, `+05:00`, `UTC−03:00`, `UTC`): its minutes east of UTC; undefined for a zone name. */
export function offsetMinutes(zone: string): number | undefined {
  if (zone === 'UTC' || zone === 'Z') return 0;
  const match = /^(?:UTC|GMT)?([+\-\u2212])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '+' ? minutes : -minutes;
}

/** The offset of an IANA time zone on a day (at noon there, near enough), or undefined when the zone is not known. */
function zoneOffsetOn(zone: string, iso: string): number | undefined {
  try {
    const f = intl(`offset ${zone}`, 'en', () => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }));
    const name = f.formatToParts(new Date(`${iso}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    const match = /^GMT(?:([+\-\u2212])(\d{2}):(\d{2}))?$/.exec(name);
    if (!match) return undefined;
    if (match[1] === undefined) return 0;
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === '+' ? minutes : -minutes;
  } catch {
    return undefined;
  }
}

/** The name of an IANA time zone in the edition's language, on a day (summer or winter time) or, without one, its generic name. */
function zoneName(lang: string, zone: string, iso: string | undefined): string | undefined {
  try {
    const style = iso === undefined ? 'longGeneric' : 'long';
    const f = intl(`zone ${zone} ${style}`, lang, () => new Intl.DateTimeFormat(intlLocale(lang), { timeZone: zone, timeZoneName: style }));
    const name = f.formatToParts(iso === undefined ? new Date(Date.UTC(2025, 0, 1)) : new Date(`${iso}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value;
    if (name === undefined || /^GMT|^UTC/.test(name)) return undefined;
    // CLDR writes Uzbek names with ‘ (U+2018); Uzbek orthography writes oʻ with U+02BB.
    return uzbek(lang) === UZBEK['uz-Latn'] ? applyApostrophes(name, findApostrophes(name)) : name;
  } catch {
    return undefined;
  }
}

/**
 * A time zone as a reader needs it, in the edition's language: an IANA zone (Asia/Tashkent) by
 * its name and its offset on `day` ("Uzbekistan Standard Time", "UTC+5"), or without a day its
 * generic name, and its offset only if it has one all year; an offset as itself ("UTC+5"). A zone
 * no one knows is given as written. `name` and `offset` are filled into the edition's label.
 */
export function describeZone(lang: string, zone: string, day?: string): { name?: string; offset?: string } {
  const fixed = offsetMinutes(zone);
  if (fixed !== undefined) return { offset: formatOffset(fixed) };
  const year = day?.slice(0, 4) ?? '2025';
  const winter = zoneOffsetOn(zone, `${year}-01-15`);
  const summer = zoneOffsetOn(zone, `${year}-07-15`);
  if (winter === undefined || summer === undefined) return { offset: zone };
  const onDay = day !== undefined ? zoneOffsetOn(zone, day) : winter === summer ? winter : undefined;
  const name = zoneName(lang, zone, day !== undefined || winter === summer ? (day ?? `${year}-01-15`) : undefined);
  const offset = onDay === undefined ? undefined : formatOffset(onDay);
  if (name === undefined) return { offset: offset ?? zone };
  return offset === undefined ? { name } : { name, offset };
}
