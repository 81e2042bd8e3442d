/** What other modules and the app shell may use of the identity module (STYLE.md 10). */
export {
  activeStaffQueryOptions,
  identityKeys,
  isSignedIn,
  memberChoicesQueryOptions,
  meQueryOptions,
  referentChoicesQueryOptions,
  reauthenticate,
  switchOrganisation,
  useMe,
  type Me,
  type Member,
} from './api';
export { isRole, professionLabel, roleLabel, isProfession } from './labels';
export { safeRedirect, useSignOut } from './session';
