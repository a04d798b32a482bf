import type { Nodes, Root } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';

/**
 * Limits that keep every note cheap to read, whoever wrote it. A real note is 5 to 30 KB (the longest sample is 13 KB), with
 * lines of a few hundred characters and lists three deep; each limit is far above that and far
 * below what makes the Markdown or YAML parsers slow or recursive (a 100 KB paragraph of `*_`
 * takes micromark two minutes; 10,000 `>` overflow its stack; a list indented 1,000 deep takes
 * 30 s). Checked on the raw text before parsing, so a hostile note costs milliseconds.
 */
export const LIMITS = {
  /** Bytes in one note or collection.yaml. */
  fileBytes: 256 * 1024,
  /** Characters on one line, and in one paragraph (lines without a blank line between them). */
  lineChars: 20_000,
  /** Lists and block quotes inside one another (and flow collections in YAML). */
  nesting: 32,
  /** Emphasis marks (`*`, `_`) in one paragraph. */
  emphasisMarks: 500,
  /** Depth of the parsed Markdown tree. */
  treeDepth: 200,
  /** Characters in a note's front matter (or a collection.yaml): the longest sample's is 2,333. */
  frontMatterChars: 20_000,
  /**
   * Footnote references, and footnote definitions, in one note (real notes have under 100).
   * Each footnote is a link and a link target in the PDF, and Chromium prints those in time that
   * grows with their square: 1,000 footnotes print in about 2 s, 3,000 in 8 s, 9,000 in 50 s.
   */
  footnotes: 1_000,
} as const;

/**
 * Footnote marks `[^` in a note's raw text, checked before parsing: the Markdown parser's footnote
 * extension looks every label up in a list of those seen before, in time that grows with their
 * square (9,000 took it 1.3 s; a note of 25,000 would take 10 s). A note within the footnote
 * limits has at most this many (each reference and each definition is one).
 */
const FOOTNOTE_MARKS = 2 * LIMITS.footnotes;

/** The message for a file that is too large to read. */
export function fileTooLarge(bytes: number): string {
  return `This file is ${formatBytes(bytes)}; the limit is ${formatBytes(LIMITS.fileBytes)} (a long note is about 30 KB). It was not read.`;
}

/**
 * Check the raw text of a note (or, as `yaml`, of a collection.yaml) against the limits; report
 * the first problem of each kind. Returns false when the text must not be parsed. A note's front
 * matter is YAML, never read as Markdown: only its lines and its length are limited there.
 */
export function checkTextLimits(file: VFile, text: string, syntax: 'markdown' | 'yaml' = 'markdown'): boolean {
  const bytes = Buffer.byteLength(text);
  if (bytes > LIMITS.fileBytes) {
    report(file, 'limit-exceeded', fileTooLarge(bytes), { line: 1, column: 1 });
    return false;
  }
  const lines = text.split('\n');
  const yamlLines = syntax === 'yaml' ? lines.length : frontMatterLines(lines);
  let ok = true;
  let line = 0;
  let paragraphStart = 1;
  let marks = 0;
  let chars = 0;
  let yamlChars = 0;
  let footnoteMarks = 0;
  let reported = { long: false, nested: false, marks: false, paragraph: false, yaml: false, footnotes: false };
  for (const raw of lines) {
    line++;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!reported.long && content.length > LIMITS.lineChars) {
      report(file, 'limit-exceeded', `This line is ${content.length} characters long; the limit is ${LIMITS.lineChars}: break it into paragraphs.`, { line, column: 1 });
      reported = { ...reported, long: true };
      ok = false;
    }
    if (line <= yamlLines) {
      yamlChars += raw.length + 1;
      if (!reported.yaml && !reported.long && yamlChars > LIMITS.frontMatterChars) {
        const what = syntax === 'yaml' ? 'This file' : 'The front matter opened here';
        report(file, 'limit-exceeded', `${what} is over ${LIMITS.frontMatterChars} characters long; the limit keeps notes quick to read (a long front matter is about 2,500): put long text in the body.`, { line: 1, column: 1 });
        reported = { ...reported, yaml: true };
        ok = false;
      }
      paragraphStart = line + 1;
      continue;
    }
    if (!reported.footnotes) {
      footnoteMarks += countFootnoteMarks(content);
      if (footnoteMarks > FOOTNOTE_MARKS) {
        report(file, 'limit-exceeded', `This note has more than ${FOOTNOTE_MARKS} footnote marks [^…] by this line (references and definitions); the limit is ${LIMITS.footnotes} of each, and keeps notes quick to read and print: merge footnotes, or list the sources at the end.`, { line, column: 1 });
        reported = { ...reported, footnotes: true };
        ok = false;
      }
    }
    if (!reported.nested) {
      const depth = containerDepth(content);
      if (depth > LIMITS.nesting) {
        report(file, 'limit-exceeded', `This line nests lists or block quotes ${depth} levels deep; the limit is ${LIMITS.nesting}.`, { line, column: 1 });
        reported = { ...reported, nested: true };
        ok = false;
      }
    }
    if (content.trim() === '') {
      marks = 0;
      chars = 0;
      paragraphStart = line + 1;
      continue;
    }
    chars += content.length + 1;
    if (!reported.paragraph && !reported.long && chars > LIMITS.lineChars) {
      report(file, 'limit-exceeded', `This paragraph is over ${LIMITS.lineChars} characters long; the limit keeps notes quick to read: break it with blank lines.`, { line: paragraphStart, column: 1 });
      reported = { ...reported, paragraph: true };
      ok = false;
    }
    if (!reported.marks) {
      marks += countMarks(content);
      if (marks > LIMITS.emphasisMarks) {
        report(file, 'limit-exceeded', `This paragraph has more than ${LIMITS.emphasisMarks} emphasis marks (* or _); the limit keeps notes quick to read: escape them as \\* and \\_, or split the paragraph.`, { line: paragraphStart, column: 1 });
        reported = { ...reported, marks: true };
        ok = false;
      }
    }
  }
  return ok;
}

/**
 * How many lines of a note are its front matter, fences included: a first line `---` and the
 * next line `---` (as remark-frontmatter reads it); 0 when there is no closed front matter, and
 * the whole text is then Markdown.
 */
export function frontMatterLines(lines: readonly string[]): number {
  // A fence is three dashes and spaces or tabs, as micromark-extension-frontmatter reads it.
  const fence = (line: string | undefined): boolean => line !== undefined && /^---[ \t]*\r?$/.test(line);
  if (!fence(lines[0])) return 0;
  for (let i = 1; i < lines.length; i++) if (fence(lines[i])) return i + 1;
  return 0;
}

/**
 * Check a parsed Markdown tree's depth, and how many footnotes it has; returns false when it is
 * too deep to render. Too many footnotes is reported at the first one over the limit, and the note
 * is still checked (it is not built).
 */
export function checkTreeLimits(file: VFile, tree: Root): boolean {
  const stack: { node: Nodes; depth: number; containers: number }[] = [{ node: tree, depth: 0, containers: 0 }];
  const footnotes = { footnoteReference: 0, footnoteDefinition: 0 };
  while (stack.length > 0) {
    const { node, depth, containers } = stack.pop() as (typeof stack)[number];
    if (depth > LIMITS.treeDepth || containers > LIMITS.nesting) {
      report(file, 'limit-exceeded', `The text here nests ${containers > LIMITS.nesting ? `lists or block quotes more than ${LIMITS.nesting}` : `more than ${LIMITS.treeDepth}`} levels deep; the limit keeps notes quick to read.`, node.position);
      return false;
    }
    if (node.type === 'footnoteReference' || node.type === 'footnoteDefinition') {
      footnotes[node.type]++;
      if (footnotes[node.type] === LIMITS.footnotes + 1) {
        const what = node.type === 'footnoteReference' ? 'footnote references' : 'footnote definitions';
        report(file, 'limit-exceeded', `This note has more than ${LIMITS.footnotes} ${what} (this is the ${LIMITS.footnotes + 1}st); the limit keeps printing quick, and a note rarely needs 100: merge footnotes, or list the sources at the end.`, node.position);
      }
    }
    if ('children' in node) {
      // In reverse, so that nodes are met in document order.
      const container = node.type === 'list' || node.type === 'blockquote' ? 1 : 0;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as Nodes, depth: depth + 1, containers: containers + container });
    }
  }
  return true;
}

/** How many list or block-quote containers a line opens or sits in, judged from its start. */
export function containerDepth(line: string): number {
  let depth = 0;
  let i = 0;
  let columns = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      // Only the indentation before the first marker says how deep the line sits.
      if (depth === 0) columns += c === ' ' ? 1 : 4 - (columns % 4);
      i++;
    } else if (c === '>') {
      depth++;
      i++;
    } else if ((c === '-' || c === '*' || c === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t' || i + 1 === line.length)) {
      depth++;
      i++;
    } else {
      const ordered = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(i, i + 11));
      if (!ordered) break;
      depth++;
      i += ordered[0].length;
    }
  }
  // Indentation nests too: a list item indented n columns sits about n/2 levels deep (a line with
  // no marker, such as code, is not counted).
  return depth === 0 ? 0 : depth + Math.floor(columns / 2);
}

function countFootnoteMarks(line: string): number {
  let n = 0;
  for (let i = line.indexOf('[^'); i !== -1; i = line.indexOf('[^', i + 2)) n++;
  return n;
}

function countMarks(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 42 /* * */ || c === 95 /* _ */) n++;
  }
  return n;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
