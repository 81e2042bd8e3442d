import { constants, crc32, deflateRawSync } from 'node:zlib';

// A gzip answer made of a large head that does not change (compressed once and kept) and a short
// tail that changes with every request (a few hundred bytes, appended uncompressed). The head is
// deflated with a sync flush, which ends it on a byte boundary without a final block; the tail is
// one final "stored" block (RFC 1951 §3.2.4); the gzip trailer's CRC-32 continues the head's
// (RFC 1952 §2.3). Any gzip reader — browsers included — reads the result as one stream.

export interface GzipHead {
  /** the gzip header and the head, deflated up to a sync flush */
  bytes: Buffer;
  crc: number;
  size: number;
}

// magic, deflate, no flags, no mtime, no extra flags, OS unknown
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

export function gzipHead(head: Buffer): GzipHead {
  const deflated = deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  return { bytes: Buffer.concat([HEADER, deflated]), crc: crc32(head), size: head.length };
}

/** The whole gzip stream of `head` followed by `tail` (at most 65 535 bytes). */
export function gzipWithTail(h: GzipHead, tail: Buffer): Buffer {
  if (tail.length > 0xffff) throw new RangeError('gzipWithTail: the tail must fit in one stored block (65 535 bytes)');
  const out = Buffer.allocUnsafe(h.bytes.length + 5 + tail.length + 8);
  let o = h.bytes.copy(out, 0);
  out[o++] = 0x01; // BFINAL = 1, BTYPE = 00 (stored), padded to the byte
  o = out.writeUInt16LE(tail.length, o);
  o = out.writeUInt16LE(~tail.length & 0xffff, o);
  o += tail.copy(out, o);
  o = out.writeUInt32LE(crc32(tail, h.crc) >>> 0, o);
  out.writeUInt32LE((h.size + tail.length) >>> 0, o);
  return out;
}
