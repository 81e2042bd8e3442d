import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabels, auditActions, isAuditAction } from './actions.ts';
import { auditLabel, auditResourceLabels } from './labels.ts';

const serverSrc = join(import.meta.dirname, '../../../server/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every quoted `area.verb` string that reaches an audit row: `action: …` (ternaries included) and the helpers' arguments. */
function writtenActions(): Set<string> {
  const found = new Set<string>();
  for (const f of sources(serverSrc)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/action:\s*([^,\n}]+)/g)) {
      for (const q of m[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.add(q[1]!);
    }
    for (const m of text.matchAll(/(?:audit\(ctx,|checkUserSecret\([^']*?)\s*'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
  }
  return found;
}

describe('audit action catalogue (issue 18 item 4)', () => {
  it('labels every action in French and English, none left as a code', () => {
    for (const a of auditActions) {
      const l = auditActionLabels[a];
      expect(l.fr.trim(), a).not.toBe('');
      expect(l.en.trim(), a).not.toBe('');
      expect(l.fr, a).not.toMatch(/[a-z]+[._][a-z]+/);
    }
    for (const [code, l] of Object.entries(auditResourceLabels)) expect(l.fr, code).not.toMatch(/_/);
  });

  it('has a label for every action string the server writes', () => {
    const written = writtenActions();
    expect(written.size).toBeGreaterThan(100);
    expect([...written].filter((a) => !isAuditAction(a))).toEqual([]);
    expect(written.has('person.dpo_search')).toBe(true);
  });

  it('shows labels for codes, and an unknown code as is', () => {
    expect(auditLabel.action('person.read')).toBe('Consultation du dossier');
    expect(auditLabel.action('person.read', 'en')).toBe('Record viewed');
    expect(auditLabel.resource('legal_protection')).toBe('Mesure de protection');
    expect(auditLabel.category('health')).toBe('Santé');
    expect(auditLabel.purpose('break_glass')).toBe('Accès d’urgence');
    expect(auditLabel.outcome('denied')).toBe('Refusé');
    expect(auditLabel.role('dpo')).toBe('Protection des données');
    expect(auditLabel.action('legacy.thing')).toBe('legacy.thing');
  });
});
