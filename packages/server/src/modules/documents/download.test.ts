import { describe, expect, it } from 'vitest';
import { contentDisposition } from './download.ts';

describe('Content-Disposition of downloads (RFC 6266, RFC 5987)', () => {
  it('is always an attachment, with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Décision MDPH (2024).pdf')).toBe(
      `attachment; filename="Decision MDPH (2024).pdf"; filename*=UTF-8''D%C3%A9cision%20MDPH%20%282024%29.pdf`,
    );
  });

  it('cannot be broken out of by quotes, backslashes, semicolons or line breaks', () => {
    const h = contentDisposition('a"; filename="evil.html\\;\r\nx.pdf');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.match(/"/g)).toHaveLength(2);
    expect(h).toMatch(/^attachment; filename="[^"\\;]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });

  it('falls back to a generic name when nothing printable is left', () => {
    expect(contentDisposition('文件.pdf')).toMatch(/^attachment; filename="__.pdf"; filename\*=UTF-8''%E6%96%87%E4%BB%B6\.pdf$/);
    expect(contentDisposition('   ')).toMatch(/^attachment; filename="document"/);
  });
});
