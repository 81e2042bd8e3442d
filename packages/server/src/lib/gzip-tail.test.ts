import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipHead, gzipWithTail } from './gzip-tail.ts';

describe('gzip of a kept head and a fresh tail', () => {
  it('reads back as head + tail, checksum and length verified, for texts, random bytes and empty parts', () => {
    const heads = [
      Buffer.from(
        JSON.stringify({ goals: Array.from({ length: 200 }, (_, i) => ({ i, wording: `Objectif n° ${i} — à domicile` })) }).slice(0, -1),
      ),
      randomBytes(70_000),
      Buffer.alloc(0),
    ];
    const tails = [Buffer.from(',"access":{"view":"team","readOnly":false}}'), randomBytes(65_535), Buffer.alloc(0)];
    for (const head of heads) {
      const h = gzipHead(head);
      for (const tail of tails) {
        // gunzipSync checks the CRC-32 and the length of the trailer
        expect(gunzipSync(gzipWithTail(h, tail)).equals(Buffer.concat([head, tail]))).toBe(true);
      }
    }
  });

  it('is read by the gzip program too', () => {
    const head = Buffer.from('{"personName":"MARTIN Odette","goals":[]'.repeat(100));
    const out = execFileSync('gzip', ['-dc'], { input: gzipWithTail(gzipHead(head), Buffer.from(',"x":1}')) });
    expect(out.toString()).toBe(`${head.toString()},"x":1}`);
  });

  it('compresses the head: a repetitive plan is a fraction of its size', () => {
    const head = Buffer.from(
      JSON.stringify(Array.from({ length: 150 }, (_, i) => ({ id: i, description: 'Passage infirmier matin et soir' }))),
    );
    expect(gzipWithTail(gzipHead(head), Buffer.from('}')).length).toBeLessThan(head.length / 5);
  });

  it('refuses a tail that does not fit in one stored block', () => {
    expect(() => gzipWithTail(gzipHead(Buffer.from('{')), Buffer.alloc(65_536))).toThrow(RangeError);
  });
});
