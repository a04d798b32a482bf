
/** An image of the theme, inlined: a `data:` URL, its alternative text and its size in pixels. */
export interface ThemeImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

/** The look of the project or of one collection, ready to render. */
export interface Look {
  /** CSS applied after the built-in styles: the page size and margins, then the stylesheets. */
  css: string;
  logo?: ThemeImage;
  cover?: ThemeImage;
}

/** A template or partial of the project that replaces the package's. */
export interface Override {
  /** `note-header` for a partial, `combined` for a template. */
  name: string;
  kind: 'template' | 'partial';
  /** The file, as the user sees it. */
  file: string;
}

/** The project's theme, read: template overrides, the project's look and each collection's. */
export interface Theme {
  templates: Record<string, string>;
  partials: Record<string, string>;
  overrides: Override[];
  /** What the project's look is made of, in words for `notes doctor` ("paper Letter", "stylesheet brand.css"). */
  used: string[];
  project: Look;
  /** Each collection that has a look of its own, already merged with the project's. */
  collections: Record<string, Look>;
}

/** The look with nothing of a project: the package's own. */
export const PLAIN_LOOK: Look = { css: '' };

/** The look of collection `id`: its own (merged with the project's), else the project's. */
export function lookFor(theme: Theme | undefined, id: string): Look {
  if (!theme) return PLAIN_LOOK;
  return Object.hasOwn(theme.collections, id) ? (theme.collections[id] as Look) : theme.project;
}

/** A collection's look over the project's: its CSS after the project's, its images in their place. */
export function mergeLooks(project: Look, collection: Look): Look {
  const logo = collection.logo ?? project.logo;
  const cover = collection.cover ?? project.cover;
  return { css: [project.css, collection.css].filter(Boolean).join('\n'), ...(logo && { logo }), ...(cover && { cover }) };
}

/** The named paper sizes CSS knows, as they are written in `@page { size }`. */
const PAPER_NAMES = ['A3', 'A4', 'A5', 'B4', 'B5', 'JIS-B4', 'JIS-B5', 'letter', 'legal', 'ledger'];

/** A paper setting ("Letter", "a4 landscape", "8.5in 11in") as a CSS page size; undefined if it is none. */
export function paperSize(paper: string): string | undefined {
  const [name = '', orientation] = paper.trim().split(/\s+/);
  const known = PAPER_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (known) return orientation === undefined || orientation === 'portrait' || orientation === 'landscape' ? [known, orientation].filter(Boolean).join(' ') : undefined;
  return /^\d+(\.\d+)?(mm|cm|in|pt) \d+(\.\d+)?(mm|cm|in|pt)$/.test(paper.trim()) ? paper.trim() : undefined;
}

/** Width and height in mm of each named size, portrait. */
const PAPER_MM: Record<string, [number, number]> = {
  A3: [297, 420],
  A4: [210, 297],
  A5: [148, 210],
  B4: [250, 353],
  B5: [176, 250],
  'JIS-B4': [257, 364],
  'JIS-B5': [182, 257],
  letter: [215.9, 279.4],
  legal: [215.9, 355.6],
  ledger: [279.4, 431.8],
};

const MM_PER: Record<string, number> = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72 };

/** A CSS length in mm, cm, in or pt, in mm. */
function mm(length: string): number {
  const m = /^(\d+(?:\.\d+)?)(mm|cm|in|pt)$/.exec(length);
  return m ? Number(m[1]) * (MM_PER[m[2] as string] ?? 1) : 0;
}

/** The page's height in mm, of a CSS page size from {@link paperSize}. */
export function pageHeightMm(size: string): number {
  const [a = '', b] = size.split(' ');
  const named = PAPER_MM[a];
  if (named) return b === 'landscape' ? named[0] : named[1];
  return mm(b ?? '');
}

/** The top and bottom margins in mm, of CSS margins (one to four lengths). */
export function verticalMarginsMm(margins: string): number {
  const parts = margins.trim().split(/\s+/);
  const top = mm(parts[0] ?? '');
  const bottom = mm(parts[2] ?? parts[0] ?? '');
  return top + bottom;
}

/** The built-in page: A4 with 22 mm above and below (templates/styles/document.css). */
const DEFAULT_PAGE = { size: 'A4', margins: '22mm 20mm 22mm' };

/**
 * The `@page` rule of a paper size and margins (either may be left out), or '' for neither;
 * with them, the cover's height, which fills the page between its margins.
 */
export function pageRule(paper: string | undefined, margins: string | undefined): string {
  const size = paper === undefined ? undefined : paperSize(paper);
  const lines = [...(size ? [`  size: ${size};`] : []), ...(margins ? [`  margin: ${margins.trim()};`] : [])];
  if (lines.length === 0) return '';
  const cover = Math.max(60, pageHeightMm(size ?? DEFAULT_PAGE.size) - verticalMarginsMm(margins ?? DEFAULT_PAGE.margins) - 23);
  return ['@page {', ...lines, '}', `.cover {\n  min-height: ${Math.floor(cover)}mm;\n}`].join('\n');
}

/**
 * The logo for the running header: an SVG of the given height that holds the image at its own
 * proportions. A page-margin box shows an image at its natural size, which CSS cannot change,
 * so the image is given one.
 */
export function headerLogoUrl(logo: ThemeImage, heightMm: number): string {
  const width = Math.min(60, (heightMm * logo.width) / Math.max(1, logo.height));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}mm" height="${heightMm}mm" viewBox="0 0 ${logo.width} ${logo.height}" preserveAspectRatio="xMidYMid meet">` +
    `<image href="${logo.src}" width="${logo.width}" height="${logo.height}"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
