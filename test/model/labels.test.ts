import { describe, expect, it } from 'vitest';
import { compareNotes, romanValue, type KindDefinition } from '../../src/model/kind.js';
import type { NoteData } from '../../src/model/types.js';

const kind = { name: 'w', order: 1, number: { field: 'workshop', label: 'workshop' } } as unknown as KindDefinition;
const note = (workshop: unknown, title = 'T'): NoteData => ({ kind: 'w', title, ...(workshop !== undefined && { workshop }) });
const order = (labels: unknown[]): unknown[] => labels.map((l) => note(l, String(l))).sort(compareNotes({ w: kind })).map((n) => n['workshop']);

describe('workshop labels in reading order', () => {
  it('reads roman numerals by their value', () => {
    expect([romanValue('IX'), romanValue('xiv'), romanValue('MMXXV'), romanValue('IIII'), romanValue('B'), romanValue('')]).toEqual([9, 14, 2025, undefined, undefined, undefined]);
  });

  it('puts numbers first, then roman numerals by value (IX after V), then the unlabelled by title', () => {
    expect(order(['IX', undefined, 'V', 2, 'II', 1])).toEqual([1, 2, 'II', 'V', 'IX', undefined]);
  });

  it('keeps a lettered series in letter order (C and D are letters there, not 100 and 500)', () => {
    expect(order(['D', 'B', 'C', 'A'])).toEqual(['A', 'B', 'C', 'D']);
  });

  it('orders labels with digits by their value (A2 before A10)', () => {
    expect(order(['A10', 'A2', 'A1'])).toEqual(['A1', 'A2', 'A10']);
  });
});
