import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateChecklist, isExpired } from './checklist.ts';
import { documentCategoryOf, documentTypes } from './schemas.ts';

const doc = (id: string, type: (typeof documentTypes)[number], createdAt: string, validUntil: string | null = null) => ({
  id,
  type,
  createdAt,
  validUntil,
});

describe('document categories (SEC-DP-01)', () => {
  it('puts medical content in health, benefits and court decisions in social, the rest in administrative', () => {
    expect(documentTypes.filter((t) => documentCategoryOf[t] === 'health').sort()).toEqual([
      'mdph_decision',
      'medical_report',
      'prescription',
    ]);
    expect(documentTypes.filter((t) => documentCategoryOf[t] === 'social').sort()).toEqual([
      'apa_notification',
      'protection_judgment',
      'tax_notice',
    ]);
    expect(documentTypes.filter((t) => documentCategoryOf[t] === 'administrative')).toHaveLength(6);
  });
});

describe('checklist', () => {
  const today = '2025-06-15';

  it('is valid through its last day and expired the day after', () => {
    expect(isExpired('2025-06-15', today)).toBe(false);
    expect(isExpired('2025-06-14', today)).toBe(true);
    expect(isExpired(null, today)).toBe(false);
  });

  it('says missing, expired (with the latest expired one) or present (with the latest valid one)', () => {
    const r = evaluateChecklist(
      [
        { type: 'identity', requiredBy: 'organisation' },
        { type: 'health_insurance', requiredBy: 'organisation' },
        { type: 'apa_notification', requiredBy: 'service' },
      ],
      [
        doc('old-id', 'identity', '2024-01-01T10:00:00Z', '2030-01-01'),
        doc('new-id', 'identity', '2025-01-01T10:00:00Z', '2031-01-01'),
        doc('newer-expired-id', 'identity', '2025-03-01T10:00:00Z', '2020-01-01'),
        doc('vitale-1', 'health_insurance', '2024-01-01T10:00:00Z', '2024-12-31'),
        doc('vitale-2', 'health_insurance', '2025-02-01T10:00:00Z', '2025-05-31'),
      ],
      today,
    );
    expect(r.map((i) => [i.type, i.status, i.document?.id ?? null, i.requiredBy, i.category])).toEqual([
      ['identity', 'present', 'new-id', 'organisation', 'administrative'],
      ['health_insurance', 'expired', 'vitale-2', 'organisation', 'administrative'],
      ['apa_notification', 'missing', null, 'service', 'social'],
    ]);
  });

  it('lists a type required twice once, as the organisation’s', () => {
    const r = evaluateChecklist(
      [
        { type: 'identity', requiredBy: 'service' },
        { type: 'identity', requiredBy: 'organisation' },
      ],
      [],
      today,
    );
    expect(r).toEqual([{ type: 'identity', category: 'administrative', requiredBy: 'organisation', status: 'missing', document: null }]);
  });

  it('is present exactly when a non-expired document of the type exists (property)', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(fc.record({ validUntil: fc.option(day, { nil: null }), created: day }), { maxLength: 8 }), day, (docs, now) => {
        const ds = docs.map((d, i) => doc(String(i), 'identity', `${d.created}T00:00:0${i % 10}Z`, d.validUntil));
        const [item] = evaluateChecklist([{ type: 'identity', requiredBy: 'organisation' }], ds, now);
        const anyValid = ds.some((d) => !isExpired(d.validUntil, now));
        expect(item?.status).toBe(anyValid ? 'present' : ds.length ? 'expired' : 'missing');
        if (item?.document) expect(ds).toContain(item.document);
      }),
    );
  });
});
