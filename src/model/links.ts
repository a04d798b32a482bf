import path from 'node:path';

/** Where a link or image in a note points. */
export type Target =
  | { kind: 'external' }
  | { kind: 'anchor' }
  | { kind: 'local'; path: string }
  | { kind: 'forbidden'; reason: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/**
 * Classify `url` written in the note at `from` (relative to the notes folder): web and mail
 * addresses are external; a relative path resolves inside the notes folder; anything else
 * (file:, javascript:, data:, absolute paths, `..` out of the folder, backslashes) is forbidden.
 */
export function resolveLocal(from: string, url: string): Target {
  const trimmed = url.trim();
  if (trimmed.startsWith('#')) return { kind: 'anchor' };
  const scheme = SCHEME.exec(trimmed.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https' || scheme === 'mailto') return { kind: 'external' };
  if (scheme) return { kind: 'forbidden', reason: `uses "${scheme}:", which notes do not allow: use https://, mailto: or a path inside the notes folder` };
  if (trimmed.startsWith('//') || trimmed.includes('\\')) {
    return { kind: 'forbidden', reason: 'is not a web address nor a path inside the notes folder' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(trimmed.split(/[?#]/)[0] ?? '');
  } catch {
    return { kind: 'forbidden', reason: 'is not a well-formed address' };
  }
  if (decoded.startsWith('/')) return { kind: 'forbidden', reason: 'is an absolute path: write it relative to the note' };
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded));
  if (joined === '..' || joined.startsWith('../')) return { kind: 'forbidden', reason: 'points outside the notes folder' };
  return { kind: 'local', path: joined };
}
