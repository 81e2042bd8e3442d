import { professions, roles, serviceKinds, type Profession, type Role, type ServiceKind } from '@maillon/shared/identity';
import type { TFunction } from 'i18next';

/** French (or English) names of the shared vocabularies; the codes themselves are never shown. */

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function isProfession(value: unknown): value is Profession {
  return typeof value === 'string' && (professions as readonly string[]).includes(value);
}

export const roleLabel = (t: TFunction, role: Role): string => t(`roles.${role}`);
export const professionLabel = (t: TFunction, profession: Profession): string => t(`professions.${profession}`);
export const serviceKindLabel = (t: TFunction, kind: ServiceKind): string => t(`serviceKinds.${kind}`);

export interface Option<T extends string> {
  value: T;
  label: string;
}

export const roleOptions = (t: TFunction): Option<Role>[] => roles.map((value) => ({ value, label: roleLabel(t, value) }));
export const professionOptions = (t: TFunction): Option<Profession>[] =>
  professions.map((value) => ({ value, label: professionLabel(t, value) }));
export const serviceKindOptions = (t: TFunction): Option<ServiceKind>[] =>
  serviceKinds.map((value) => ({ value, label: serviceKindLabel(t, value) }));
