import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesForRole } from './abilities.ts';
import { permissions, rolePermissions } from './permissions.ts';
import { permissionsMarkdown } from './permissions-doc.ts';
import { roles } from './roles.ts';
import { passwordProblems } from './password.ts';

describe('permission matrix', () => {
  it('is documented in docs/permissions.md exactly as the code has it', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../../docs/permissions.md'), 'utf8');
    expect(doc).toContain(permissionsMarkdown());
  });

  it('sends each role exactly its permissions as action/subject pairs', () => {
    for (const role of roles) {
      const pairs = new Set(rulesForRole(role).map((r) => `${r.subject}.${r.action}`));
      for (const p of permissions) expect(pairs.has(p)).toBe(rolePermissions[role].includes(p));
    }
  });

  it('keeps HR and logistics roles away from people records, and the admin away from care data', () => {
    for (const r of ['hr_manager', 'logistics_referent', 'admin'] as const) expect(rolePermissions[r]).not.toContain('person.read');
  });
});

describe('password rules shared by the form and the server', () => {
  it('counts characters as typed, refuses short ones and those containing the e-mail or a name', () => {
    expect(passwordProblems('été-été-été')).toContain('too_short');
    expect(passwordProblems('été-été-été-été')).toEqual([]);
    expect(passwordProblems('camille.lefevre-2026!', { email: 'camille.lefevre@dac.fr' })).toContain('contains_email');
    expect(passwordProblems('vive le DAC Drôme 2026', { names: ['DAC Drôme'] })).toContain('contains_name');
  });
});
