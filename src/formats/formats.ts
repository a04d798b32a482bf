/** The formats a document is written in: HTML from the render stage, PDF printed from it. */
export type FormatId = 'html' | 'pdf';

/** One output format: what its files are named and served as, and what the user calls it. */
export interface OutputFormat {
  id: FormatId;
  /** The file extension, with its dot. */
  extension: `.${string}`;
  /** Its name in messages: "HTML", "PDF". */
  label: string;
  mediaType: string;
}

/** Every format, by id. */
export const FORMATS: Readonly<Record<FormatId, OutputFormat>> = {
  html: { id: 'html', extension: '.html', label: 'HTML', mediaType: 'text/html; charset=utf-8' },
  pdf: { id: 'pdf', extension: '.pdf', label: 'PDF', mediaType: 'application/pdf' },
};

/** The path of a document in another format: `w/w.en.html` → `w/w.en.pdf`. */
export function inFormat(path: string, format: OutputFormat): string {
  const known = Object.values(FORMATS).find((f) => path.endsWith(f.extension));
  return `${known ? path.slice(0, -known.extension.length) : path}${format.extension}`;
}
