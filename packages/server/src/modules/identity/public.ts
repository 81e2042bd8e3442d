// The identity module's public entry for other modules (STYLE.md 9).
export { requireRecentAuth } from './routes.ts';
export { assertOwnService } from './org.service.ts';
export { referentEligibleSql } from './members.service.ts';
