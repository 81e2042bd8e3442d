// The identity module's public entry for other modules (STYLE.md 9).
export { assertOwnService } from './org.service.ts';
export { referentEligibleSql } from './members.service.ts';
