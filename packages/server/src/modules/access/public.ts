// The access module's public entry (STYLE.md 9): every module that reads a person's data asks here.
export {
  assertCanRead,
  assertCanWrite,
  hasLegalMandate,
  isMember,
  resolveAccess,
  underGuardianship,
  visiblePeopleSql,
  type PersonAccess,
} from './service.ts';
