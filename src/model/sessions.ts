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
