import { rolePermissions } from './permissions.ts';
import type { Role } from './roles.ts';

/**
 * The permissions of a role as action/subject pairs (`service.create` becomes
 * { action: 'create', subject: 'service' }), sent with `/me` as `abilities`. The web decides from
 * the `permissions` list; no rule engine runs on either side (issue 18.9 removed the unused CASL
 * runtime).
 */
export function rulesForRole(role: Role): { action: string; subject: string }[] {
  return rolePermissions[role].map((p) => {
    const [subject, action] = p.split('.') as [string, string];
    return { action, subject };
  });
}
