import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Committee, OccupancyItem, Referral, ReferralSummary, WaitingHistory, WaitingList } from '@maillon/shared/admissions';
import { DEMO_PASSWORD, seedDemo } from '../../seed/demo.ts';
import { login, startTestApp, type TestApp } from '../../../test/harness.ts';
import { pdfText } from '../../../test/pdf-text.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.server.deps);
});
afterAll(async () => t?.close());

describe('the demo organisation shows admissions at work', () => {
  it('gives the coordinator an inbox at every step, a committee to come, and the director a full SSIAD with a ranked waiting list', async () => {
    const camille = await login(t.app, 'coordination@demo.maillon.fr', DEMO_PASSWORD, '10.60.0.1');
    const open = (await camille.req('GET', '/api/v1/admissions/referrals')).json() as { items: ReferralSummary[] };
    expect(new Set(open.items.map((i) => i.status))).toEqual(new Set(['received', 'under_review', 'presented', 'decided']));
    const counts = (await camille.req('GET', '/api/v1/admissions/referrals/counts')).json() as { counts: Record<string, number> };
    expect(counts.counts).toMatchObject({ admitted: 1, withdrawn: 1 });
    for (const item of open.items) {
      const r = (await camille.req('GET', `/api/v1/admissions/referrals/${item.id}`)).json() as Referral;
      expect(r.events.length).toBeGreaterThan(0);
    }

    const director = await login(t.app, 'direction@demo.maillon.fr', DEMO_PASSWORD, '10.60.0.2');
    const occ = (await director.req('GET', '/api/v1/admissions/occupancy')).json() as { items: OccupancyItem[] };
    const ssiad = occ.items.find((o) => o.name === 'SSIAD Valence Nord')!;
    expect(ssiad).toMatchObject({ capacity: 45, occupied: 45, full: true, waiting: 3, decisionMode: 'coordinator' });
    const list = (await director.req('GET', `/api/v1/admissions/waiting-list?serviceId=${ssiad.serviceId}`)).json() as WaitingList;
    expect(list.items.map((e) => e.priority)).toEqual(['urgent', 'high', 'normal']);
    expect(list.items[0]).toMatchObject({ changeCount: 2 });
    const history = (await director.req('GET', `/api/v1/admissions/waiting-list/${list.items[0]!.id}/history`)).json() as WaitingHistory;
    expect(history.items.map((c) => c.kind)).toEqual(['priority', 'added']);
    expect(history.items[0]).toMatchObject({ toPriority: 'urgent', reason: list.items[0]!.reason });

    const sessions = (await camille.req('GET', '/api/v1/admissions/committees?when=past')).json() as { items: { id: string }[] };
    const held = (await camille.req('GET', `/api/v1/admissions/committees/${sessions.items[0]!.id}`)).json() as Committee;
    expect(held.cases.every((c) => c.decision)).toBe(true);
    const pdf = await camille.req('GET', `/api/v1/admissions/committees/${held.id}/minutes.pdf`);
    expect((await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ')).toContain('Orientation vers un autre service');

    const partner = await login(t.app, 'partenaire@demo.maillon.fr', DEMO_PASSWORD, '10.60.0.3');
    const sent = (await partner.req('GET', '/api/v1/admissions/sent')).json() as { items: { status: string }[] };
    expect(sent.items).toMatchObject([{ status: 'received' }]);
  });
});
