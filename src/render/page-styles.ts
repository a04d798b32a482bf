import { t, type Locale } from './locale.js';
import { headerLogoUrl, type ThemeImage } from './look.js';

/**
 * A CSS string literal for any text: quotes, backslashes, `<` `>` and every control character
 * (line breaks, form feed …) escaped, so it never ends early nor closes its style element.
 */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase()} `)}"`;
}

/** `"Page " counter(page) " of " counter(pages)` from the edition's "Page {page} of {pages}" label. */
export function pageCounterContent(locale: Locale): string {
  const label = t(locale, 'pageXofY', { page: '\u0001page\u0001', pages: '\u0001pages\u0001' });
  return label
    .split('\u0001')
    .map((part, i) => (i % 2 === 1 ? `counter(${part})` : part === '' ? '' : cssString(part)))
    .filter(Boolean)
    .join(' ');
}

/** The height of the logo in the running header. */
const HEADER_LOGO_MM = 7;

/**
 * The page rules of one document: a running header (the logo, if the project has one, and the
 * collection on one side, the document on the other) and "Page X of Y" below, in the edition's
 * language and direction. Chromium prints `@page` margin boxes, so the HTML and the PDF share
 * one definition. The page's size and margins are the stylesheet's (A4, or the theme's).
 */
export function pageStyles(locale: Locale, collection: string, documentTitle: string, logo?: ThemeImage): string {
  const [start, end] = locale.dir === 'rtl' ? ['top-right', 'top-left'] : ['top-left', 'top-right'];
  const box = 'font-family: "Noto Sans", Arial, sans-serif; font-size: 7.5pt; color: #555;';
  // The logo sits before the collection's name, on the line of its text (an image box has no
  // alternative text: it repeats what the first page and the cover show with theirs).
  const name = logo ? `url("${headerLogoUrl(logo, HEADER_LOGO_MM)}") "\\2003" ${cssString(collection)}` : cssString(collection);
  return [
    '@page {',
    `  @${start} { content: ${name}; ${box} vertical-align: bottom; padding-bottom: 4mm; }`,
    `  @${end} { content: ${cssString(documentTitle)}; ${box} vertical-align: bottom; padding-bottom: 4mm; text-align: ${locale.dir === 'rtl' ? 'left' : 'right'}; }`,
    `  @bottom-center { content: ${pageCounterContent(locale)}; ${box} vertical-align: top; padding-top: 4mm; }`,
    '}',
    // The first page carries the document's own header (or the cover): no running header there.
    '@page :first {',
    '  @top-left { content: ""; }',
    '  @top-right { content: ""; }',
    '}',
    '@page cover {',
    '  @bottom-center { content: ""; }',
    '}',
  ].join('\n');
}
