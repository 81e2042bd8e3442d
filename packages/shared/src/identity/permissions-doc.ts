import { permissions, rolePermissions } from './permissions.ts';
import { roles } from './roles.ts';

/** The role × permission table of docs/permissions.md, generated from the matrix itself. */
export function permissionsMarkdown(): string {
  const header = `| permission | ${roles.join(' | ')} |`;
  const sep = `|---|${roles.map(() => ':-:').join('|')}|`;
  const rows = permissions.map((p) => `| \`${p}\` | ${roles.map((r) => (rolePermissions[r].includes(p) ? '✔' : '')).join(' | ')} |`);
  return [header, sep, ...rows].join('\n');
}
