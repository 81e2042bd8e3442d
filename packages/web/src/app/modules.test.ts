import { rolePermissions } from '@maillon/shared/identity';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { navigation, webModules } from './modules';
import { allows } from './navigation';

const visibleTo = (role: keyof typeof rolePermissions) =>
  navigation.filter((entry) => allows(rolePermissions[role], entry.anyOf)).map((entry) => entry.id);

describe('navigation by permission', () => {
  it('shows the administration modules to an administrator', () => {
    expect(visibleTo('admin')).toEqual(['home', 'users', 'organisation', 'admission-settings', 'instruments', 'audit']);
  });

  it('shows the people, the handover, the service journal and the emergency access, but neither users, organisation nor audit, to a coordinator', () => {
    expect(visibleTo('coordinator')).toEqual(['home', 'people', 'admissions', 'plans', 'handover', 'service-journal', 'emergency-access']);
  });

  it('shows the emergency-access review, the right of access and the audit log, not the people, to the data protection officer', () => {
    expect(visibleTo('dpo')).toEqual(['home', 'break-glass-review', 'right-of-access', 'audit']);
  });

  it('shows the people and the handover, without emergency access nor the service journal, to a social worker', () => {
    expect(visibleTo('social_worker')).toEqual(['home', 'people', 'admissions', 'plans', 'handover']);
  });

  it('shows the handover, not the service journal, to the care staff', () => {
    expect(visibleTo('care_staff')).toEqual(['home', 'people', 'plans', 'handover']);
  });
});

describe('module registration', () => {
  it('gives each module a distinct id and each navigation entry a distinct id', () => {
    const ids = webModules.map((module) => module.id);
    expect(new Set(ids).size).toBe(ids.length);
    const entries = navigation.map((entry) => entry.id);
    expect(new Set(entries).size).toBe(entries.length);
  });

  it("finds every module's i18n namespaces in both the French and the English strings", () => {
    const missing = webModules.flatMap((module) =>
      module.i18nNamespaces.flatMap((ns) => [
        ...(ns in fr ? [] : [`fr:${module.id}.${ns}`]),
        ...(ns in en ? [] : [`en:${module.id}.${ns}`]),
      ]),
    );
    expect(missing).toEqual([]);
  });
});
