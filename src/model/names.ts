import type { VFile } from 'vfile';
import { hasErrors, report } from '../diagnostics/report.js';
import type { Project } from './types.js';

// A note's file name becomes output names (its pack folder and files), ids in its pages and link
// targets in the indexes. It is untrusted: this module is the one place that decides which names
// may become output names, and the one place that turns a path into a link target.

/**
 * The longest name (in UTF-8 bytes) a note's file may have, without `.md`. File systems allow 255
 * bytes per name (eCryptfs 143), and the outputs add to it (`<name>.uz-Cyrl-UZ.html`); 150 bytes
 * is 150 Latin letters or 75 Cyrillic, Arabic or Greek ones, and twice what `notes new` makes.
 */
export const NAME_MAX_BYTES = 150;

/**
 * The characters a note's name may have: letters, marks and digits of any script, space,
 * `-_.,'()+`, and the zero-width (non-)joiners Persian and Indic words are spelled with.
 */
const ALLOWED = /^[\p{L}\p{M}\p{N}\u200C\u200D _.,'()+-]+$/u;

/** Extensions of the files a collection's own folder holds (index.html, manifest.json, combined documents, archives). */
const OUTPUT_EXTENSION = /\.(html?|pdf|json|zip)$/i;

/** Names Windows keeps for devices: an output folder of that name cannot be copied there. */
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * Why `name` (a note's file name without `.md`) cannot become an output name, or undefined when it
 * can. Unusual but safe names pass: spaces, and letters of any script (`семинар-1`, `ورشة`).
 */
export function nameProblem(name: string): string | undefined {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (name === '') return 'The file name is empty before `.md`: name the note, e.g. workshop-7.md.';
  if (bytes > NAME_MAX_BYTES) {
    return `The file name is ${bytes} bytes long (in UTF-8) and the outputs made from it would be longer still: shorten it to ${NAME_MAX_BYTES} bytes or less (about ${NAME_MAX_BYTES / 2} letters of Cyrillic or Arabic).`;
  }
  if (!ALLOWED.test(name)) {
    const bad = [...new Set([...name].filter((c) => !ALLOWED.test(c)))].map(describe).join(', ');
    return `The file name has ${bad}, which output file names and links cannot carry safely: use letters, digits, spaces and - _ . , ' ( ) + only.`;
  }
  if (/^[ .,'+-]/.test(name) || /[ .]$/.test(name)) {
    return 'The file name starts with a dot, dash, space or sign, or ends with a dot or space, which file systems and links treat specially: start and end it with a letter or digit.';
  }
  if (OUTPUT_EXTENSION.test(name)) {
    return `The file name ends in "${OUTPUT_EXTENSION.exec(name)?.[0]}", as the collection's own files do (index.html, manifest.json, the combined documents, the archives): its outputs would take their place. Rename the note, e.g. without that ending.`;
  }
  if (DEVICE.test(name)) return `"${name}" is a device name on Windows, where the outputs could not be copied: rename the note.`;
  return undefined;
}

/** A character as a message names it: itself when printable, else its code point. */
function describe(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const printable = /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) && !/[\p{Cc}\p{Cf}]/u.test(c);
  return printable ? `"${c}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What two names are the same as, where file systems fold case or Unicode normalisation, and ids fold spaces. */
export function nameKey(name: string): string {
  return anchorOf(name.normalize('NFC')).toLowerCase();
}

/** The HTML id made from a note's name: its whitespace, which ids and id lists cannot hold, as `_`. */
export function anchorOf(name: string): string {
  return name.replace(/\s/g, '_');
}

/** The name of a note's pack: its file name without `.md` (an edition's is its source's). */
export function slugOf(file: VFile): string {
  const relative = file.data.edition?.source ?? file.data.relative ?? file.path;
  return relative.split('/').pop()?.replace(/\.md$/i, '') ?? 'note';
}

/**
 * Report every note whose outputs would collide with another note's: two source notes of one
 * collection whose names are the same but for case, Unicode normalisation or spaces (one pack
 * folder on macOS and Windows, one id in the combined document). The later one is reported and
 * not built. A cross-note check: validateProject runs it, once per project.
 */
export function checkOutputNames(project: Project): void {
  const seen = new Map<string, VFile>();
  for (const file of project.notes) {
    if (file.data.edition || file.data.collection === undefined || hasErrors(file)) continue;
    const key = `${file.data.collection}/${nameKey(slugOf(file))}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, file);
      continue;
    }
    report(
      file,
      'name-unsafe',
      `This note's outputs would take the place of ${first.path}'s: their names differ only in case, accents' encoding or spaces, which many file systems and page ids do not tell apart. Rename one of them.`,
      { line: 1, column: 1 },
    );
  }
}

/**
 * The link from one output file to another (both relative to the output folder, `/`-separated),
 * as an href: each segment percent-encoded, so no name can add a scheme, a query or a fragment,
 * and `./` before a first segment that could still read as a scheme.
 */
export function hrefTo(from: string, to: string): string {
  const fromParts = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  const segments = [...fromParts.slice(common).map(() => '..'), ...toParts.slice(common).map(encodeSegment)];
  const href = segments.join('/');
  return /^[^/]*:/.test(href) ? `./${href}` : href;
}

/** One path segment, percent-encoded (`..` kept as the parent folder). */
function encodeSegment(segment: string): string {
  if (segment === '..' || segment === '.') return segment;
  // encodeURIComponent leaves !'()* as they are: harmless in a path, but encoded for plain text.
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
