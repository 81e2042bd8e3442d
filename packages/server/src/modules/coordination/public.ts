// The coordination module's public entry (STYLE.md 9): other modules and the seed write journal
// entries through it.
export { createEntry, acknowledgeEntry } from './entries.service.ts';
