import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { checkProgramme, knownZone } from '../../src/validate/check-programme.js';
import { daysOf } from '../../src/model/dates.js';
import type { KindDefinition } from '../../src/model/kind.js';
import type { NoteData } from '../../src/model/types.js';

const kind = { name: 'w', date: 'date', time: 'time', sessions: { field: 'sessions', section: 'structure' } } as unknown as KindDefinition;
const rules = (note: Partial<NoteData>): string[] => {
  const file = new VFile({ path: 'w.md' });
  checkProgramme(file, { kind: 'w', title: 'T', ...note } as NoteData, kind);
  return file.messages.map((m) => `${m.ruleId}: ${m.reason}`);
};

describe('the days a workshop meets', () => {
  it('are a day, every day of a range, or the separate days; none while not fixed', () => {
    expect(daysOf('2025-06-23')).toEqual(['2025-06-23']);
    expect(daysOf({ start: '2025-06-30', end: '2025-07-02' })).toEqual(['2025-06-30', '2025-07-01', '2025-07-02']);
    expect(daysOf(['2025-06-16', '2025-06-18'])).toEqual(['2025-06-16', '2025-06-18']);
    expect([daysOf('TBD'), daysOf('2025-06'), daysOf({ start: '2025-07-02', end: '2025-06-30' })]).toEqual([undefined, undefined, undefined]);
  });
});

describe('the checks of a programme', () => {
  it('accepts sessions on the workshop’s days that fit in its hours on each day', () => {
    expect(
      rules({
        date: ['2025-06-16', '2025-06-18'],
        time: { start: '09:00', end: '10:00', zone: 'Africa/Lagos' },
        sessions: [
          { title: 'A', minutes: 60, date: '2025-06-16' },
          { title: 'B', minutes: 60, date: '2025-06-18', time: { start: '09:00', zone: 'UTC+1' } },
        ],
      }),
    ).toEqual([]);
  });

  it('reports a session on another day, minutes beyond the hours, and an unknown zone', () => {
    expect(
      rules({
        date: { start: '2025-06-16', end: '2025-06-17' },
        time: { start: '09:00', end: '10:00', zone: 'Mars/Olympus' },
        sessions: [{ title: 'A', minutes: 100, date: '2025-06-18' }, { title: 'B', minutes: 30 }],
      }),
    ).toEqual([
      "session-date: Session 1 is on 2025-06-18, a day the workshop does not meet (2025-06-16, 2025-06-17): correct the session's date or the workshop's.",
      "session-time: The sessions last 130 minutes, more than the 120 the workshop's hours give (09:00–10:00 on 2 days): shorten a session or correct the hours.",
      'time-zone-unknown: "Mars/Olympus" is not a time zone this machine knows: write an IANA name such as Asia/Tashkent or Europe/Paris, or an offset such as UTC+5.',
    ]);
  });

  it('knows IANA names and offsets', () => {
    expect([knownZone('Asia/Tashkent'), knownZone('UTC+5'), knownZone('+05:30'), knownZone('Asia/Samarcand')]).toEqual([true, true, true, false]);
  });
});
