// The access module's public entry (STYLE.md 9): every module that reads a person's data asks here.
export { appointReferent } from './careteam.service.ts';
export { assertCanRead, assertCanWrite, isMember, resolveAccess, visiblePeopleSql, type PersonAccess } from './service.ts';
