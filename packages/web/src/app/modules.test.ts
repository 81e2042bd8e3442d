import { rolePermissions } from '@maillon/shared/identity';
import { describe, expect, it } from 'vitest';
import { allows, appModules } from './modules';

const visibleTo = (role: keyof typeof rolePermissions) =>
  appModules.filter((module) => allows(rolePermissions[role], module.anyOf)).map((module) => module.id);

describe('navigation by permission', () => {
  it('shows the administration modules to an administrator', () => {
    expect(visibleTo('admin')).toEqual(['home', 'users', 'organisation', 'audit']);
  });

  it('shows neither users, organisation nor audit to a coordinator', () => {
    expect(visibleTo('coordinator')).toEqual(['home']);
  });

  it('shows the audit log to the data protection officer', () => {
    expect(visibleTo('dpo')).toEqual(['home', 'audit']);
  });
});
