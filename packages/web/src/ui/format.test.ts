import { describe, expect, it } from 'vitest';
import { localDateToIso } from './format';

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
