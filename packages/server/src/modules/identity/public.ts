// The identity module's public entry for other modules (STYLE.md 9).
export {} from './org.service.ts';
export { referentEligibleSql } from './members.service.ts';
