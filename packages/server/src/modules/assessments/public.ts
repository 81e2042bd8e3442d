// The assessments module's public entry (STYLE.md 9): the personal plan takes the needs of a signed assessment here.
export { needsSummary } from './analysis.service.ts';
