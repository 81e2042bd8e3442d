import { rolePermissions } from '@maillon/shared/identity';
import { describe, expect, it } from 'vitest';
import { allows, appModules } from './modules';

const visibleTo = (role: keyof typeof rolePermissions) =>
  appModules.filter((module) => allows(rolePermissions[role], module.anyOf)).map((module) => module.id);

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
