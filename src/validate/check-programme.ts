import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { report } from '../diagnostics/report.js';
import { keysOf, valueAt, type KindDefinition } from '../model/kind.js';
import { daysOf, isDay } from '../model/dates.js';
import type { NoteData } from '../model/types.js';
import { placeOf } from '../parse/yaml-source.js';

/** A time of day as front matter gives it: HH:MM, with its end and zone when given. */
interface Hours {
  start?: unknown;
  end?: unknown;
  zone?: unknown;
}

/** A session's facts the programme checks look at. */
interface SessionFacts {
  minutes?: unknown;
  date?: unknown;
  time?: Hours;
}

const OFFSET = /^(UTC|GMT)?[+-]\d{1,2}(:?\d{2})?$/i;

/** Minutes since midnight of HH:MM, or undefined. */
function minutesOf(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(\d{2}):(\d{2})$/.exec(value) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Whether a time zone name is one this machine's time-zone data knows (an offset always is). */
export function knownZone(zone: string): boolean {
  if (OFFSET.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The checks a careful editor makes of a programme, as the note's kind declares its sessions,
 * date and hours: each session's day is one of the workshop's days; the sessions' minutes fit in
 * the hours the workshop states; every time zone named is one the world knows. Pure.
 */
export function checkProgramme(file: VFile, note: NoteData, kind: KindDefinition): void {
  const sessions = kind.sessions ? valueAt(note, kind.sessions.field) : undefined;
  const list = Array.isArray(sessions) ? (sessions as SessionFacts[]) : [];
  const field = kind.sessions?.field ?? 'sessions';
  const days = kind.date ? daysOf(valueAt(note, kind.date)) : undefined;
  const hours = kind.time ? (valueAt(note, kind.time) as Hours | undefined) : undefined;

  if (days && days.length > 0) {
    for (const [i, session] of list.entries()) {
      if (isDay(session.date) && !days.includes(session.date)) {
        report(file, 'session-date', `Session ${i + 1} is on ${session.date}, a day the workshop does not meet (${days.length <= 5 ? days.join(', ') : `${days[0]} to ${days[days.length - 1]}, ${days.length} days`}): correct the session's date or the workshop's.`, place(file, [...keysOf(field), String(i), 'date']));
      }
    }
  }

  const start = minutesOf(hours?.start);
  const end = minutesOf(hours?.end);
  const timed = list.filter((s) => typeof s.minutes === 'number');
  if (start !== undefined && end !== undefined && end > start && timed.length > 0 && kind.time) {
    const meetings = days && days.length > 0 ? days.length : 1;
    const available = (end - start) * meetings;
    const total = timed.reduce((sum, s) => sum + (s.minutes as number), 0);
    if (total > available) {
      report(
        file,
        'session-time',
        `The sessions last ${total} minutes, more than the ${available} the workshop's hours give (${String(hours?.start)}–${String(hours?.end)}${meetings > 1 ? ` on ${meetings} days` : ''}): shorten a session or correct the hours.`,
        place(file, keysOf(kind.time)),
      );
    }
  }

  const zones: [unknown, string[]][] = [[hours?.zone, kind.time ? [...keysOf(kind.time), 'zone'] : []], ...list.map((s, i): [unknown, string[]] => [s.time?.zone, [...keysOf(field), String(i), 'time', 'zone']])];
  for (const [zone, path] of zones) {
    if (typeof zone === 'string' && !knownZone(zone)) {
      report(file, 'time-zone-unknown', `"${zone}" is not a time zone this machine knows: write an IANA name such as Asia/Tashkent or Europe/Paris, or an offset such as UTC+5.`, place(file, path));
    }
  }
}

function place(file: VFile, path: readonly string[]): Position | Point | undefined {
  return file.data.yaml ? placeOf(file.data.yaml, path.map((p) => (/^\d+$/.test(p) ? Number(p) : p))) : undefined;
}
