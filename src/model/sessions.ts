/** A `### Session N: Title` heading, in any of the separators authors use. */
export const SESSION_HEADING = sessionHeading('Session {n}');

/**
 * The pattern of a session heading in a language, from its "Session {n}" label ("{n}-sessiya",
 * "Сессия {n}" …), followed by a colon or dash and the title.
 */
export function sessionHeading(label: string): RegExp {
  const [before = '', after = ''] = label.split('{n}').map((part) => part.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${before}${before ? '\\s*' : ''}(\\d+)${after ? `\\s*${after}` : ''}\\s*[:\\uff1a\\u2013\\u2014-]\\s*(.*)$`, 'iu');
}

/**
 * Whether the title of a session heading is the session titled `title`: the same words (case,
 * spacing and a final full stop aside), or the same followed by extras — what comes in brackets,
 * after a dash or after a comma, such as a time or a room: "Opening (09:00–09:30)",
 * "Opening – Hall A", "Opening, plenary hall" are all the session "Opening". Pure.
 */
export function sessionTitleMatches(title: string, heading: string): boolean {
  const expected = simplifyTitle(title);
  const found = simplifyTitle(heading);
  if (found === expected) return true;
  if (expected === '' || !found.startsWith(expected)) return false;
  return SESSION_EXTRA.test(found.slice(expected.length));
}

/** What may follow a session's title in its heading: brackets, a comma, or a dash (a hyphen only between spaces). */
const SESSION_EXTRA = /^[.:;!?。？！]*(?:\s*[([{（【［]|\s*[,，、]|\s+[-‐‑‒]\s|\s*[–—―])/u;

function simplifyTitle(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[.:;。]+$/u, '');
}
