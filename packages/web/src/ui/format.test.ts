import { describe, expect, it } from 'vitest';
import { ageOn, localDateToIso, todayDay } from './format';

describe('localDateToIso', () => {
  it('turns a date input value into the instant of that local midnight, optionally days later', () => {
    expect(localDateToIso('2026-03-12')).toBe(new Date(2026, 2, 12).toISOString());
    expect(localDateToIso('2026-03-31', 1)).toBe(new Date(2026, 3, 1).toISOString());
  });

  it('ignores an empty or partial value', () => {
    expect(localDateToIso('')).toBeUndefined();
    expect(localDateToIso('2026-3-1')).toBeUndefined();
  });
});

describe('calendar days', () => {
  it('computes an age from a birth date, the birthday itself included', () => {
    expect(ageOn('1936-12-01', new Date(2026, 10, 30))).toBe(89);
    expect(ageOn('1936-12-01', new Date(2026, 11, 1))).toBe(90);
    expect(ageOn('pas une date')).toBeUndefined();
  });

  it('gives today as the value of a date input', () => {
    expect(todayDay(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
