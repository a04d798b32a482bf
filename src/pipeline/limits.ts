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
} as const;

/** The message for a file that is too large to read. */
export function fileTooLarge(bytes: number): string {
  return `This file is ${formatBytes(bytes)}; the limit is ${formatBytes(LIMITS.fileBytes)} (a long note is about 30 KB). It was not read.`;
}

/**
 * Check the raw text of a note against the limits; report the first problem of each kind.
 * Returns false when the text must not be parsed.
 */
export function checkTextLimits(file: VFile, text: string): boolean {
  const bytes = Buffer.byteLength(text);
  if (bytes > LIMITS.fileBytes) {
    report(file, 'limit-exceeded', fileTooLarge(bytes), { line: 1, column: 1 });
    return false;
  }
  let ok = true;
  let line = 0;
  let paragraphStart = 0;
  let marks = 0;
  let chars = 0;
  let reported = { long: false, nested: false, marks: false, paragraph: false };
  for (const raw of text.split('\n')) {
    line++;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!reported.long && content.length > LIMITS.lineChars) {
      report(file, 'limit-exceeded', `This line is ${content.length} characters long; the limit is ${LIMITS.lineChars}: break it into paragraphs.`, { line, column: 1 });
      reported = { ...reported, long: true };
      ok = false;
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

/** Check a parsed Markdown tree's depth; returns false when it is too deep to render. */
export function checkTreeLimits(file: VFile, tree: Root): boolean {
  const stack: { node: Nodes; depth: number; containers: number }[] = [{ node: tree, depth: 0, containers: 0 }];
  while (stack.length > 0) {
    const { node, depth, containers } = stack.pop() as (typeof stack)[number];
    if (depth > LIMITS.treeDepth || containers > LIMITS.nesting) {
      report(file, 'limit-exceeded', `The text here nests ${containers > LIMITS.nesting ? `lists or block quotes more than ${LIMITS.nesting}` : `more than ${LIMITS.treeDepth}`} levels deep; the limit keeps notes quick to read.`, node.position);
      return false;
    }
    if ('children' in node) {
      const container = node.type === 'list' || node.type === 'blockquote' ? 1 : 0;
      for (const child of node.children) stack.push({ node: child as Nodes, depth: depth + 1, containers: containers + container });
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
