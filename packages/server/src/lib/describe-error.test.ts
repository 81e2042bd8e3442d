import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.ts';

describe('describeError (what "failed to start:" prints)', () => {
  it('names the cause whatever was thrown, never "undefined"', () => {
    expect(describeError(undefined)).toBe('no reason was given (a failure without an error)');
    expect(describeError('port taken')).toBe('port taken');
    expect(describeError({ reason: 'x' })).toBe('{"reason":"x"}');
    expect(describeError(new Error('boom'))).toBe('boom');
  });

  it('spells out an AggregateError with an empty message by its parts', () => {
    const refused = (addr: string) => Object.assign(new Error(`connect ECONNREFUSED ${addr}:5433`), { code: 'ECONNREFUSED' });
    const e = Object.assign(new AggregateError([refused('::1'), refused('127.0.0.1')], ''), { code: 'ECONNREFUSED' });
    expect(describeError(e)).toBe('connect ECONNREFUSED ::1:5433; connect ECONNREFUSED 127.0.0.1:5433');
  });

  it('adds the code and the cause', () => {
    const cause = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    expect(describeError(new Error('could not save the secrets', { cause }))).toBe(
      'could not save the secrets: no space left on device (ENOSPC)',
    );
  });
});
