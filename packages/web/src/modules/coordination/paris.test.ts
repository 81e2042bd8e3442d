import { describe, expect, it } from 'vitest';
import { fromParisLocal, parisDay, toParisLocalInput } from './paris';

describe('Paris wall-clock times', () => {
  it('reads a winter time as UTC+1 and a summer time as UTC+2', () => {
    expect(fromParisLocal('2026-01-15T08:30')).toBe('2026-01-15T07:30:00.000Z');
    expect(fromParisLocal('2026-07-15T08:30')).toBe('2026-07-15T06:30:00.000Z');
  });

  it('gives back the same wall-clock time it was given', () => {
    for (const local of ['2026-03-29T01:59', '2026-03-29T03:00', '2026-10-25T01:30', '2026-12-31T23:59', '2027-01-01T00:00']) {
      expect(toParisLocalInput(fromParisLocal(local)!)).toBe(local);
    }
  });

  it('takes the first of the two 02:30 of the autumn change', () => {
    expect(fromParisLocal('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads a day as its Paris midnight, and the Paris day of an instant late in the UTC evening', () => {
    expect(fromParisLocal('2026-06-01')).toBe('2026-05-31T22:00:00.000Z');
    expect(parisDay('2026-06-01T22:30:00.000Z')).toBe('2026-06-02');
  });

  it('refuses what is not a time', () => {
    expect(fromParisLocal('demain')).toBeUndefined();
  });
});
