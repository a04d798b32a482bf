import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createLocale, formatDate, formatDateRange, formatMonthRange, plural } from '../../src/render/locale.js';
import { pageCounterContent } from '../../src/render/page-styles.js';

const LANGUAGES = ['en', 'uz-Latn', 'uz-Cyrl', 'ru', 'fr', 'es', 'ar', 'zh'];

async function messages(lang: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(`templates/locales/${lang}.json`, 'utf8')) as Record<string, string>;
}

describe('label files', () => {
  it('exist for every language the templates are translated into', async () => {
    const files = (await readdir('templates/locales')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual(expect.arrayContaining(LANGUAGES));
  });

  it.each(LANGUAGES)('%s has every label English has (plural forms aside) and a minutes.other form', async (lang) => {
    const en = Object.keys(await messages('en')).filter((k) => !k.startsWith('minutes.'));
    const own = await messages(lang);
    expect(en.filter((k) => own[k] === undefined || own[k] === '')).toEqual([]);
    expect(own['minutes.other']).toContain('{n}');
    expect(own['pageXofY']).toMatch(/\{page\}.*\{pages\}|\{pages\}.*\{page\}/);
  });
});

describe('dates in each language', () => {
  it('writes Uzbek dates as Uzbek style guides do', () => {
    expect(formatDate('uz-Latn', '2025-06-23')).toBe('2025-yil 23-iyun');
    expect(formatDate('uz-Cyrl', '2025-06-23')).toBe('2025 йил 23 июн');
    expect(formatDateRange('uz-Latn', { start: '2025-06-23', end: '2025-06-25' })).toBe('2025-yil 23–25-iyun');
    expect(formatDateRange('uz-Cyrl', { start: '2025-06-23', end: '2025-06-25' })).toBe('2025 йил 23–25 июн');
    expect(formatDate('uz-Latn', '2024-09-01')).toBe('2024-yil 1-sentabr');
    expect(formatDate('uz-Cyrl', '2024-10-01')).toBe('2024 йил 1 октябр');
    expect(formatMonthRange('uz-Latn', { start: '2025-03', end: '2027-03' })).toBe('2025-yil mart – 2027-yil mart');
  });

  it('uses each language’s own convention elsewhere, with Western digits in Arabic', () => {
    expect(formatDate('fr', '2025-06-23')).toBe('23 juin 2025');
    expect(formatDate('es', '2025-06-23')).toBe('23 de junio de 2025');
    expect(formatDate('ru', '2025-06-23')).toBe('23 июня 2025 г.');
    expect(formatDate('zh', '2025-06-23')).toBe('2025年6月23日');
    expect(formatDateRange('zh', { start: '2025-06-23', end: '2025-06-25' })).toBe('2025年6月23日至25日');
    expect(formatDateRange('zh', { start: '2025-06-30', end: '2025-07-02' })).toBe('2025年6月30日至7月2日');
    expect(formatDate('ar', '2025-06-23')).toMatch(/^23 .+ 2025$/);
  });
});

describe('plurals and page counters', () => {
  it('chooses the plural form by CLDR rules', async () => {
    const ru = createLocale('ru', await messages('ru'));
    expect([1, 3, 5, 21].map((n) => plural(ru, 'minutes', n))).toEqual(['1 минута', '3 минуты', '5 минут', '21 минута']);
    const en = createLocale('en', await messages('en'));
    expect([1, 20].map((n) => plural(en, 'minutes', n))).toEqual(['1 minute', '20 minutes']);
  });

  it('marks Arabic editions right-to-left', async () => {
    expect(createLocale('ar', await messages('ar')).dir).toBe('rtl');
    expect(createLocale('uz-Latn', await messages('uz-Latn')).dir).toBe('ltr');
  });

  it('prints "Page X of Y" in the edition’s word order', async () => {
    expect(pageCounterContent(createLocale('zh', await messages('zh')))).toBe('"第" counter(page) "页，共" counter(pages) "页"');
    expect(pageCounterContent(createLocale('uz-Latn', await messages('uz-Latn')))).toBe('counter(page) "-bet, jami " counter(pages) " bet"');
  });
});

describe('dates as a typesetter writes them', () => {
  it('closes up the dash between days of one month, and spaces it between full dates', () => {
    expect(formatDateRange('en', { start: '2025-06-23', end: '2025-06-25' })).toBe('23–25 June 2025');
    expect(formatDateRange('en', { start: '2023-07-01', end: '2025-12-31' })).toBe('1 July 2023 – 31 December 2025');
  });

  it('writes the first of the month in French as 1er, and no other day', () => {
    expect(formatDate('fr', '2023-07-01')).toBe('1er juillet 2023');
    expect(formatDate('fr', '2023-07-11')).toBe('11 juillet 2023');
    expect(formatDate('fr', '2023-07-21')).toBe('21 juillet 2023');
    expect(formatDateRange('fr', { start: '2025-07-01', end: '2025-07-03' })).toBe('1er–3 juillet 2025');
    expect(formatDateRange('fr', { start: '2023-07-01', end: '2025-12-31' })).toBe('1er juillet 2023 – 31 décembre 2025');
    expect(formatDate('en', '2023-07-01')).toBe('1 July 2023');
  });
});
