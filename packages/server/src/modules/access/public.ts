// The access module's public entry (STYLE.md 9): every module that reads a person's data asks here.
export { appointReferent, joinCareTeamAsCreator } from './careteam.service.ts';
export {
  accessFactsSql,
  activeMembershipSql,
  assertCanRead,
  assertCanWrite,
  decideAccess,
  hasLegalMandate,
  isMember,
  mostSensitive,
  purposeOf,
  resolveAccess,
  underGuardianship,
  visiblePeopleSql,
  type AccessFacts,
  type PersonAccess,
} from './service.ts';
