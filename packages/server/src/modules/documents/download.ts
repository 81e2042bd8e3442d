import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { downloadFileName, type PersonDocument } from '@maillon/shared/documents';

/** RFC 5987 attr-char: everything else is percent-encoded (encodeURIComponent leaves `'()*`). */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266, RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\%;]/g, '_')
      .trim() || 'document';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/** Streams the file as a download that a browser never renders in our origin (SEC-VAL-08, SEC-DP-03). */
export function sendDocument(reply: FastifyReply, doc: PersonDocument, stream: Readable): FastifyReply {
  return reply
    .header('content-type', doc.mediaType)
    .header('content-length', String(doc.size))
    .header('content-disposition', contentDisposition(downloadFileName(doc.fileName, doc.mediaType)))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(stream);
}
