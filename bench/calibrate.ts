/**
 * Machine calibration: two fixed measurements taken on an idle machine before the scenarios, so
 * that runs made on different machines can be compared (sessions do not always get the same
 * machine, and a guest under nested virtualisation pays far more for each system call).
 *
 * - round trip: `SELECT 1` on one connection, one after the other, for a fixed time — the cost of
 *   a round trip to PostgreSQL (a socket write and read on both sides, two wake-ups), which every
 *   statement of every request pays;
 * - JavaScript: `JSON.stringify` then `JSON.parse` of a fixed document of ~100 KB (the size of a
 *   plan of 150 actions), repeated — the speed of the CPU for the server's own kind of work.
 *
 * Both are medians of several rounds, so a short burst of other work does not move them.
 */
import type pg from 'pg';

export interface Calibration {
  /** median microseconds per `SELECT 1` round trip on one connection */
  roundTripMicros: number;
  /** median milliseconds for one JSON.stringify + JSON.parse of the fixed ~100 KB document */
  jsonMillis: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** A fixed document: the same on every run and every machine. */
function fixedDocument(): unknown {
  const actions = Array.from({ length: 150 }, (_, i) => ({
    id: `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`,
    goalId: `0190a1b2-c3d4-7e5f-8a9b-${String(i % 30).padStart(12, '0')}`,
    description: `Passage infirmier à domicile pour la toilette et la surveillance, action numéro ${i}`,
    kind: ['care', 'support', 'equipment', 'housing'][i % 4],
    owner: { kind: 'staff', userId: null, name: `Intervenant ${i % 17}` },
    frequency: { every: 1 + (i % 3), unit: 'week' },
    start: '2026-12-01',
    end: i % 2 ? '2027-06-30' : null,
    cost: { unitCents: 2500 + i, quantity: 1 + (i % 5), period: 'month', source: 'apa' },
    status: 'planned',
    version: i,
  }));
  return {
    id: 'plan',
    goals: Array.from({ length: 30 }, (_, g) => ({ id: g, wording: `Objectif ${g}`, actions: actions.slice(g * 5, g * 5 + 5) })),
  };
}

export async function calibrate(client: pg.Client, seconds = 2): Promise<Calibration> {
  const rounds = 5;
  const trips: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < (seconds * 1000) / rounds) {
      await client.query('select 1');
      n++;
    }
    trips.push(((performance.now() - t0) * 1000) / n);
  }
  const doc = fixedDocument();
  const json: number[] = [];
  for (let i = 0; i < 100; i++) JSON.parse(JSON.stringify(doc)); // warm-up (the JIT)
  for (let r = 0; r < rounds; r++) {
    const reps = 50;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) JSON.parse(JSON.stringify(doc));
    json.push((performance.now() - t0) / reps);
  }
  return { roundTripMicros: median(trips), jsonMillis: median(json) };
}

export function calibrationText(c: Calibration): string {
  return `one \`SELECT 1\` round trip ${c.roundTripMicros.toFixed(0)} µs; JSON round trip of a 100 KB document ${c.jsonMillis.toFixed(2)} ms (medians; compare runs across machines with these)`;
}
