/**
 * A status flow as data: each status and the statuses a command may move it to. Admissions
 * (`referralTransitions`) and plans (`planTransitions`) declare theirs; tasks, alerts and
 * appointments will too. The server applies it with `moveOrThrow` (`plugins/kit.ts`), the web
 * reads it to offer only the moves the server would accept.
 */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** Why a move is refused: `not_allowed` by the table, or a code the flow's own guard gives. */
export interface MoveRefusal<S extends string, P extends string = never> {
  problem: 'not_allowed' | P;
  from: S;
  to: S;
  /** the statuses `from` may move to, by the table */
  allowed: readonly S[];
}

/**
 * Checks one change of status against a table, then against the flow's own rule (`guard`, e.g.
 * "a refused referral is final"); null when the move is allowed.
 */
export function move<S extends string, P extends string = never>(
  table: TransitionTable<S>,
  from: S,
  to: S,
  guard?: (from: S, to: S) => P | null,
): MoveRefusal<S, P> | null {
  const allowed = table[from];
  if (!allowed.includes(to)) return { problem: 'not_allowed', from, to, allowed };
  const problem = guard?.(from, to) ?? null;
  return problem === null ? null : { problem, from, to, allowed };
}

/** Whether the table lets `from` move to `to` (no guard). */
export const canMove = <S extends string>(table: TransitionTable<S>, from: S, to: S): boolean => table[from].includes(to);

/** A status nothing leaves. */
export const isFinalStatus = <S extends string>(table: TransitionTable<S>, s: S): boolean => table[s].length === 0;
