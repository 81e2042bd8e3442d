/**
 * A tiny seeded PRNG (mulberry32) and helpers, so that every run of the bench generates the same
 * people, the same ids and the same request order: results stay comparable from run to run.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks with a Zipf-like skew: the first items of the list come up far more often (common names). */
  pickSkewed<T>(items: readonly T[], skew = 1.1): T {
    const i = Math.floor(items.length * Math.pow(this.next(), skew * 2.2));
    return items[Math.min(i, items.length - 1)]!;
  }

  /** Distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle([...items]).slice(0, Math.min(n, items.length));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  hex(digits: number): string {
    let s = '';
    while (s.length < digits)
      s += Math.floor(this.next() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return s.slice(0, digits);
  }
}

/**
 * A UUIDv7 like the application's ids (time-ordered), but reproducible: the timestamp comes from
 * the caller (a fixed date plus a counter) and the random bits from the seeded PRNG.
 */
export function uuidv7At(rng: Rng, ms: number): string {
  const ts = Math.floor(ms).toString(16).padStart(12, '0');
  const randA = rng.hex(3);
  const variant = (8 + rng.int(0, 3)).toString(16);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${randA}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}
