import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { move, type MoveRefusal, type TransitionTable } from '@maillon/shared/api';
import type { AppError } from './errors.ts';

/**
 * A module's status flow on the server: the shared table, the flow's own rule, and the 409 its
 * refusals become (`invalid_transition`, naming what the caller may do instead).
 */
export interface Flow<S extends string, P extends string = never> {
  table: TransitionTable<S>;
  guard?: (from: S, to: S) => P | null;
  refuse: (r: MoveRefusal<S, P>) => AppError;
}

/** Throws the flow's refusal when `from` may not move to `to`. */
export function assertMove<S extends string, P extends string>(flow: Flow<S, P>, from: S, to: S): void {
  const refused = move(flow.table, from, to, flow.guard);
  if (refused) throw flow.refuse(refused);
}

/** The columns a versioned row with a status carries (`id`, `version`, `status`). */
interface VersionedColumns {
  id: AnyPgColumn;
  version: AnyPgColumn;
  status: AnyPgColumn;
}

/** `where id = $id and version = $version and status = $status`: the guard of an optimistic change (REL-05). */
export const versionGuard = (t: VersionedColumns, row: { id: string; version: number; status: string }): SQL | undefined =>
  and(eq(t.id, row.id), eq(t.version, row.version), eq(t.status, row.status));

/** `version + 1`, for the `set` of a guarded update. */
export const nextVersion = (t: Pick<VersionedColumns, 'version'>): SQL => sql`${t.version} + 1`;

/**
 * One change of status (the generic state machine of modules with a lifecycle): checks the move
 * against the flow, then runs the guarded UPDATE (`update`, written with `versionGuard` and
 * `nextVersion`, `returning` the row). No row back means another change won the race: `lost`
 * says how (412 with the current state, or 409), read after the failed UPDATE.
 */
export async function transition<S extends string, P extends string, R>(
  flow: Flow<S, P>,
  from: S,
  to: S,
  update: () => Promise<R[]>,
  lost: () => AppError | Promise<AppError>,
): Promise<R> {
  assertMove(flow, from, to);
  const [row] = await update();
  if (row === undefined) throw await lost();
  return row;
}
