// The people module's public entry (STYLE.md 9): admissions create and update records through it,
// with the same duplicate check and rules as the record's own routes.
export { createPerson, updatePerson } from './person.service.ts';
