import { describe, expect, it } from 'vitest';
import { cyrillicToLatin, latinToCyrillic, transliterateMarkdown } from '../../src/translate/uzbek-script.js';

/**
 * Latin / Cyrillic pairs as Uzbek government publications and the Uzbek Wikipedia spell them
 * (the official orthography of 1995 and its Cyrillic counterpart), checked both ways.
 */
const PAIRS: [latin: string, cyrillic: string][] = [
  ['Oʻzbekiston', 'Ўзбекистон'],
  ['Toshkent', 'Тошкент'],
  ['Samarqand', 'Самарқанд'],
  ['Buxoro', 'Бухоро'],
  ['Fargʻona', 'Фарғона'],
  ['Qoraqalpogʻiston', 'Қорақалпоғистон'],
  ['gʻoya', 'ғоя'],
  ['shahar', 'шаҳар'],
  ['choʻl', 'чўл'],
  ['yoʻl', 'йўл'],
  ['yoʻq', 'йўқ'],
  ['yoshlar', 'ёшлар'],
  ['yangi', 'янги'],
  ['yuz', 'юз'],
  ['ertaga', 'эртага'],
  ['yer', 'ер'],
  ['poyezd', 'поезд'],
  ['mehmonxona', 'меҳмонхона'],
  ['sanʼat', 'санъат'],
  ['maʼlumot', 'маълумот'],
  ['taʼlim', 'таълим'],
  ['maʼno', 'маъно'],
  ['mashʼal', 'машъал'],
  ['Asʼhob', 'Асҳоб'],
  ['mavzu', 'мавзу'],
  ['jamiyat', 'жамият'],
  ['xizmat', 'хизмат'],
  ['davlat', 'давлат'],
  ['raqamli', 'рақамли'],
  ['hukumat', 'ҳукумат'],
  ['axborot', 'ахборот'],
  ['kengash', 'кенгаш'],
  ['ingliz', 'инглиз'],
  ['oʻzbek', 'ўзбек'],
  ['tongi', 'тонги'],
  ['sentabr', 'сентябр'],
  ['oktabr', 'октябр'],
  ['yanvar', 'январ'],
  ['fevral', 'феврал'],
  ['aprel', 'апрел'],
  ['iyun', 'июн'],
  ['iyul', 'июл'],
  ['noyabr', 'ноябр'],
  ['dekabr', 'декабр'],
  ['sirk', 'цирк'],
  ['litsey', 'лицей'],
  ['stansiya', 'станция'],
  ['funksiya', 'функция'],
  ['aksiya', 'акция'],
  ['innovatsiya', 'инновация'],
  ['innovatsiyalar', 'инновациялар'],
  ['konsepsiya', 'концепция'],
  ['konsert', 'концерт'],
  ['sentr', 'центр'],
  ['sement', 'цемент'],
  ['kompyuter', 'компьютер'],
  ['obyekt', 'объект'],
  ['albom', 'альбом'],
  ['film', 'фильм'],
  ['aeroport', 'аэропорт'],
  ['poeziya', 'поэзия'],
  ['Yevropa', 'Европа'],
  ['seminar', 'семинар'],
  ['sessiya', 'сессия'],
  ['Rossiya', 'Россия'],
  ['gʻalaba', 'ғалаба'],
  ['qishloq', 'қишлоқ'],
  ['choy', 'чой'],
  ['oʻqituvchi', 'ўқитувчи'],
  ['yoʻnaltirilgan', 'йўналтирилган'],
  ['innovatsion', 'инновацион'],
  ['markazi', 'маркази'],
  ['konseptual', 'концептуал'],
  ['albomlar', 'альбомлар'],
  ['ofitsiant', 'официант'],
  ['syezd', 'съезд'],
];

describe('Uzbek Latin ↔ Cyrillic word pairs', () => {
  it('has at least 60 pairs', () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(PAIRS)('%s → %s', (latin, cyrillic) => {
    expect(latinToCyrillic(latin)).toBe(cyrillic);
  });

  it.each(PAIRS.map(([l, c]) => [c, l]))('%s → %s', (cyrillic, latin) => {
    expect(cyrillicToLatin(cyrillic)).toBe(latin);
  });
});

describe('one-way spellings and code fences', () => {
  it('reads the older ts- spellings of loanwords, which Cyrillic writes with ц', () => {
    expect(latinToCyrillic('tsement tsex')).toBe('цемент цех');
  });

  it('leaves code fenced with tildes alone', () => {
    const text = 'Matn\n\n~~~\nkod yoʻq\n~~~\n';
    expect(transliterateMarkdown(text, 'uz-Cyrl')).toBe('Матн\n\n~~~\nkod yoʻq\n~~~\n');
  });
});

describe('case, look-alikes and sentences', () => {
  it('keeps ALL CAPS and Title case, digraphs included', () => {
    expect(latinToCyrillic('OʻZBEKISTON RESPUBLIKASI')).toBe('ЎЗБЕКИСТОН РЕСПУБЛИКАСИ');
    expect(cyrillicToLatin('ЎЗБЕКИСТОН РЕСПУБЛИКАСИ')).toBe('OʻZBEKISTON RESPUBLIKASI');
    expect(latinToCyrillic('Shahar Choʻl Yoʻl')).toBe('Шаҳар Чўл Йўл');
    expect(cyrillicToLatin('ШАҲАР')).toBe('SHAHAR');
    expect(cyrillicToLatin('Шаҳар')).toBe('Shahar');
  });

  it('reads look-alike apostrophes as the right sign', () => {
    expect(latinToCyrillic("O'zbekiston, g‘oya, ma’no")).toBe('Ўзбекистон, ғоя, маъно');
  });

  it('transliterates a sentence and leaves acronyms in Latin', () => {
    expect(latinToCyrillic('Seminar ingliz va oʻzbek tillarida UNU-EGOV bilan hamkorlikda oʻtkaziladi.')).toBe(
      'Семинар инглиз ва ўзбек тилларида UNU-EGOV билан ҳамкорликда ўтказилади.',
    );
    expect(cyrillicToLatin('Семинар инглиз ва ўзбек тилларида ўтказилади.')).toBe('Seminar ingliz va oʻzbek tillarida oʻtkaziladi.');
  });
});

describe('a Markdown note', () => {
  const note = `---
title: Oʻzbekiston
email: d.saitov@egov.uz
---

## Kirish

Batafsil: <https://egov.uz/uz/yangiliklar> va [sayt](https://gov.uz/oz "Oʻzbekiston"), d.saitov@egov.uz.[^2]

- \`kod\` va **muhim** soʻz

[^2]: Manba: https://lex.uz/docs/yangi
`;

  it('converts prose, headings and lists, never front matter, URLs, emails, code or labels', () => {
    expect(transliterateMarkdown(note, 'uz-Cyrl')).toBe(`---
title: Oʻzbekiston
email: d.saitov@egov.uz
---

## Кириш

Батафсил: <https://egov.uz/uz/yangiliklar> ва [сайт](https://gov.uz/oz "Oʻzbekiston"), d.saitov@egov.uz.[^2]

- \`kod\` ва **муҳим** сўз

[^2]: Манба: https://lex.uz/docs/yangi
`);
  });

  it('round-trips the body', () => {
    expect(transliterateMarkdown(transliterateMarkdown(note, 'uz-Cyrl'), 'uz-Latn')).toBe(note);
  });
});
