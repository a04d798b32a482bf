import { ISO_DAY } from '../model/dates.js';
import { formatDate, formatDateRange, formatMonthRange, intlLocale, joinList, languageName, t, type Locale } from './locale.js';
import type { FactEntry, FactFormat } from './fact-format.js';

/** A value as a list of texts: a list's items, or the one value. */
function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/** Numbers and codes in a row ("16, 17"; "16、17"; "16، 17"), as each script separates them. */
function series(lang: string, items: readonly string[]): string {
  const primary = lang.split('-')[0];
  const separator = primary === 'zh' || primary === 'ja' ? '、' : primary === 'ar' ? '، ' : ', ';
  return items.join(separator);
}

/** An organisation given as a name, or with the lines printed under it (address, telephone, email). */
function entryOf(locale: Locale, value: unknown): FactEntry {
  if (!isRecord(value)) return { name: String(value), lines: [] };
  const lines = value['address'] === undefined ? [] : texts(value['address']);
  const phones = value['phone'] === undefined ? [] : texts(value['phone']);
  if (phones.length > 0) lines.push(`${t(locale, 'phone')}: ${phones.join(', ')}`);
  const entry: FactEntry = { name: String(value['name']), lines };
  if (typeof value['email'] === 'string') entry.email = value['email'];
  return entry;
}

/** "USD 1,250,000", "1 250 000 USD": an amount with its ISO 4217 currency code, in the edition's number format. */
function money(locale: Locale, amount: number, currency: string): string {
  const whole = Number.isInteger(amount);
  return new Intl.NumberFormat(intlLocale(locale.lang), {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    ...(whole && { minimumFractionDigits: 0, maximumFractionDigits: 0 }),
  }).format(amount);
}

/**
 * The facts of text: as written, a list in a sentence, bulleted items, language names; numbers of
 * participants, organisations with their addresses, money, the SDGs a project serves, and dates
 * that may be written as text.
 */
export const TEXT_FORMATS: Readonly<Record<string, FactFormat>> = {
  text: (_locale, value) => ({ text: String(value) }),
  list: (locale, value) => ({ text: joinList(locale.lang, texts(value)) }),
  items: (_locale, value) => ({ items: texts(value) }),
  languages: (locale, value) => ({ text: joinList(locale.lang, texts(value).map((tag) => languageName(locale.lang, tag))) }),
  /** A day (YYYY-MM-DD) in the edition's language, or a date written as text ("Mid-March 2019") as written. */
  writtenDate: (locale, value) => {
    const text = String(value).trim();
    return { text: ISO_DAY.test(text) ? formatDate(locale.lang, text) : text };
  },
  /** A range of months (YYYY-MM) or of days (YYYY-MM-DD): "March 2025 – March 2027", "1 March 2025 – 31 March 2027". */
  period: (locale, value) => {
    if (!isRecord(value) || typeof value['start'] !== 'string' || typeof value['end'] !== 'string') return undefined;
    const range = { start: value['start'], end: value['end'] };
    return { text: ISO_DAY.test(range.start) ? formatDateRange(locale.lang, range) : formatMonthRange(locale.lang, range) };
  },
  /** A number of participants (38), or at most so many (`upTo: 18` → "Up to 18"). */
  participants: (locale, value) => {
    if (isRecord(value)) return typeof value['upTo'] === 'number' ? { text: t(locale, 'upTo', { n: value['upTo'] }) } : undefined;
    return { text: String(value) };
  },
  /**
   * Organisations as names in a sentence ("A and B"), or, when one of them comes with an address,
   * a telephone or an email, one entry each with those lines under its name.
   */
  organisations: (locale, value) => {
    const all = Array.isArray(value) ? value : [value];
    if (all.every((o) => !isRecord(o))) return { text: joinList(locale.lang, all.map(String)) };
    return { entries: all.map((o) => entryOf(locale, o)) };
  },
  /** `{amount: 1250000, currency: USD}` → "USD 1,250,000" (in English; each language writes its own). */
  money: (locale, value) => {
    if (!isRecord(value) || typeof value['amount'] !== 'number' || typeof value['currency'] !== 'string') return undefined;
    return { text: money(locale, value['amount'], value['currency']) };
  },
  /** `{goals: [16, 17], targets: ['16.6', '17.18']}` → "Goals 16, 17 — Targets 16.6, 17.18". */
  sdgs: (locale, value) => {
    if (!isRecord(value)) return undefined;
    const part = (field: string, one: string, several: string): string[] => {
      const list = Array.isArray(value[field]) ? (value[field] as unknown[]).map(String) : [];
      return list.length === 0 ? [] : [t(locale, list.length === 1 ? one : several, { list: series(locale.lang, list) })];
    };
    const parts = [...part('goals', 'sdgGoal', 'sdgGoals'), ...part('targets', 'sdgTarget', 'sdgTargets')];
    return parts.length === 0 ? undefined : { text: parts.join(' — ') };
  },
};
