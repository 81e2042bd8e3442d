import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Permission } from './permissions.ts';
import { rolePermissions } from './permissions.ts';
import type { Role } from './roles.ts';

export type AppAbility = MongoAbility<[string, string]>;
export type AbilityRule = RawRuleOf<AppAbility>;

/** CASL rules of a role: `service.create` becomes { action: 'create', subject: 'service' }. */
export function rulesForRole(role: Role): { action: string; subject: string }[] {
  return rolePermissions[role].map((p) => {
    const [subject, action] = p.split('.') as [string, string];
    return { action, subject };
  });
}

export function abilityFromRules(rules: AbilityRule[]): AppAbility {
  return createMongoAbility<AppAbility>(rules);
}

export function can(ability: AppAbility, permission: Permission): boolean {
  const [subject, action] = permission.split('.') as [string, string];
  return ability.can(action, subject);
}
