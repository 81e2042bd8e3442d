/**
 * What merging two records does with a column that names a person: `move` it to the record kept,
 * or `keep` it on the duplicate, for the reason given.
 */
type OnMerge = 'move' | { keep: string };

/**
 * Every column of the database that names a person — a `person_id`, or any foreign key to
 * `person` — by table, and what a merge does with it (issue 18.8). `mergePeople` moves the `move`
 * columns. `person-references.test.ts` reads the database catalogue and fails on a column missing
 * here, so a new module's table cannot be forgotten by a merge: add its row when you add the table.
 */
export const personReferences: Readonly<Record<string, Readonly<Record<string, OnMerge>>>> = {
  person_relative: { person_id: 'move' },
  legal_protection: { person_id: 'move' },
  person_professional: { person_id: 'move' },
  care_team_member: { person_id: 'move' },
  consent: { person_id: 'move' },
  break_glass: { person_id: 'move' },
  assessment: { person_id: 'move' },
  person_document: { person_id: 'move' },
  referral: { person_id: 'move' },
  waiting_list_entry: { person_id: 'move' },
  plan: { person_id: 'move' },
  plan_version: { person_id: 'move' },
  journal_entry: { person_id: 'move' },
  audit_event: { person_id: { keep: 'the log records what was done to whom, then; it is append-only' } },
};

/** The tables and columns a merge moves, in the order above. */
export const mergedColumns = (): { table: string; column: string }[] =>
  Object.entries(personReferences).flatMap(([table, cols]) =>
    Object.entries(cols).flatMap(([column, onMerge]) => (onMerge === 'move' ? [{ table, column }] : [])),
  );
