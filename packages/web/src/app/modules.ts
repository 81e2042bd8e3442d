import type { Permission } from '@maillon/shared/identity';
import {
  IconBuildingCommunity,
  IconClipboardHeart,
  IconClipboardList,
  IconDoorEnter,
  IconFileText,
  IconSend,
  IconSettingsCog,
  IconHistory,
  IconHome,
  IconLockOpen,
  IconMessages,
  IconNotebook,
  IconShieldCheck,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import { JournalNavBadge } from '../modules/coordination/public';
import type { ParseKeys } from 'i18next';

/**
 * Who may open each module: any one of the permissions (the server's `/me.permissions`). The router uses the same
 * lists to show "Accès refusé" in place of the page, so navigation and routes never disagree.
 */
export const MODULE_ACCESS = {
  users: ['user.invite', 'user.update'],
  organisation: ['organisation.update'],
  audit: ['audit.read'],
  people: ['person.read'],
  newPerson: ['person.create'],
  emergencyAccess: ['breakglass.use'],
  breakGlassReview: ['breakglass.review'],
  accessReports: ['accessreport.read'],
  assessments: ['assessment.read'],
  newAssessment: ['assessment.write'],
  instruments: ['instrument.manage'],
  admissions: ['referral.read'],
  newReferral: ['referral.create'],
  sentReferrals: ['referral.submit'],
  admissionSettings: ['service.update'],
  plans: ['plan.read'],
  newPlan: ['plan.write'],
  handover: ['journal.read'],
  serviceJournal: ['careteam.manage'],
} as const satisfies Record<string, readonly Permission[]>;

/** One entry of the main navigation. Add an entry here when a module's route is added to `router.tsx`. */
export interface AppModule {
  id: string;
  /** A path of the route tree (type-checked against the router). */
  path: NonNullable<LinkProps['to']>;
  /** i18n key of the navigation label (type-checked against fr.json). */
  labelKey: ParseKeys;
  icon?: Icon;
  /** Shown at the end of the link (e.g. an unread count); it names itself for screen readers. */
  badge?: ComponentType;
  /** Shown only to users holding one of these permissions; everyone when absent. */
  anyOf?: readonly Permission[];
}

/** Only modules that exist are listed: the navigation never shows a link to an unfinished page. */
export const appModules: readonly AppModule[] = [
  { id: 'home', path: '/', labelKey: 'nav.home', icon: IconHome },
  { id: 'people', path: '/people', labelKey: 'nav.people', icon: IconUsersGroup, anyOf: MODULE_ACCESS.people },
  { id: 'admissions', path: '/admissions', labelKey: 'admissions.nav.module', icon: IconDoorEnter, anyOf: MODULE_ACCESS.admissions },
  { id: 'sent-referrals', path: '/admissions/sent', labelKey: 'admissions.nav.sent', icon: IconSend, anyOf: MODULE_ACCESS.sentReferrals },
  { id: 'plans', path: '/plans', labelKey: 'plans.nav.plans', icon: IconClipboardHeart, anyOf: MODULE_ACCESS.plans },
  {
    id: 'handover',
    path: '/journal/handover',
    labelKey: 'journal.nav.handover',
    icon: IconMessages,
    anyOf: MODULE_ACCESS.handover,
    badge: JournalNavBadge,
  },
  {
    id: 'service-journal',
    path: '/journal/service',
    labelKey: 'journal.nav.service',
    icon: IconNotebook,
    anyOf: MODULE_ACCESS.serviceJournal,
  },
  {
    id: 'emergency-access',
    path: '/access/emergency',
    labelKey: 'nav.emergencyAccess',
    icon: IconLockOpen,
    anyOf: MODULE_ACCESS.emergencyAccess,
  },
  {
    id: 'break-glass-review',
    path: '/access/break-glass',
    labelKey: 'nav.breakGlassReview',
    icon: IconShieldCheck,
    anyOf: MODULE_ACCESS.breakGlassReview,
  },
  {
    id: 'right-of-access',
    path: '/access/reports',
    labelKey: 'nav.rightOfAccess',
    icon: IconFileText,
    anyOf: MODULE_ACCESS.accessReports,
  },
  { id: 'users', path: '/admin/users', labelKey: 'nav.users', icon: IconUsers, anyOf: MODULE_ACCESS.users },
  {
    id: 'organisation',
    path: '/admin/organisation',
    labelKey: 'nav.organisation',
    icon: IconBuildingCommunity,
    anyOf: MODULE_ACCESS.organisation,
  },
  {
    id: 'admission-settings',
    path: '/admin/admissions',
    labelKey: 'admissions.nav.settings',
    icon: IconSettingsCog,
    anyOf: MODULE_ACCESS.admissionSettings,
  },
  {
    id: 'instruments',
    path: '/admin/instruments',
    labelKey: 'assessments.nav.instruments',
    icon: IconClipboardList,
    anyOf: MODULE_ACCESS.instruments,
  },
  { id: 'audit', path: '/audit', labelKey: 'nav.audit', icon: IconHistory, anyOf: MODULE_ACCESS.audit },
];

/** True when a user with `permissions` may open something requiring any of `anyOf` (nothing required: true). */
export function allows(permissions: readonly string[], anyOf: readonly Permission[] | undefined): boolean {
  return !anyOf || anyOf.length === 0 || anyOf.some((permission) => permissions.includes(permission));
}
