import { describe, expect, it } from 'vitest';
import { canMove, isFinalStatus, move, type TransitionTable } from './lifecycle.ts';

type S = 'open' | 'done' | 'cancelled';
const table: TransitionTable<S> = { open: ['done', 'cancelled'], done: ['open'], cancelled: [] };

describe('move over a transition table', () => {
  it('allows a move the table lists', () => {
    expect(move(table, 'open', 'done')).toBeNull();
    expect(canMove(table, 'done', 'open')).toBe(true);
  });

  it('refuses a move the table does not list, naming the allowed statuses', () => {
    expect(move(table, 'done', 'cancelled')).toEqual({ problem: 'not_allowed', from: 'done', to: 'cancelled', allowed: ['open'] });
    expect(canMove(table, 'cancelled', 'open')).toBe(false);
  });

  it('asks the guard only for moves the table allows, and reports its code', () => {
    const asked: string[] = [];
    const guard = (from: S, to: S) => {
      asked.push(`${from}>${to}`);
      return to === 'cancelled' ? ('too_late' as const) : null;
    };
    expect(move(table, 'open', 'cancelled', guard)).toEqual({
      problem: 'too_late',
      from: 'open',
      to: 'cancelled',
      allowed: ['done', 'cancelled'],
    });
    expect(move(table, 'open', 'done', guard)).toBeNull();
    expect(move(table, 'cancelled', 'done', guard)?.problem).toBe('not_allowed');
    expect(asked).toEqual(['open>cancelled', 'open>done']);
  });

  it('calls a status final when nothing leaves it', () => {
    expect(isFinalStatus(table, 'cancelled')).toBe(true);
    expect(isFinalStatus(table, 'done')).toBe(false);
  });
});
