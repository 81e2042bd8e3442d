import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downloadFileName, sanitizeFileName, titleFromFileName } from './filename.ts';

describe('file names from users (SEC-VAL-08)', () => {
  it('keeps accents and spaces, and drops any path', () => {
    expect(sanitizeFileName('Notification APA — Mme Lefèvre.pdf')).toBe('Notification APA — Mme Lefèvre.pdf');
    expect(sanitizeFileName('C:\\Users\\marie\\Documents\\cni.jpg')).toBe('cni.jpg');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
  });

  it('removes control and direction-override characters, and characters file systems refuse', () => {
    expect(sanitizeFileName('facture\u202Efdp.exe')).toBe('facturefdp.exe');
    expect(sanitizeFileName('a\r\nb\t.pdf')).toBe('ab.pdf');
    expect(sanitizeFileName('a<b>:c"d|e?f*.pdf')).toBe('a_b__c_d_e_f_.pdf');
    expect(sanitizeFileName('nul.pdf')).toBe('_nul.pdf');
  });

  it('never returns an empty or hidden name', () => {
    expect(sanitizeFileName('')).toBe('document');
    expect(sanitizeFileName(null)).toBe('document');
    expect(sanitizeFileName('...')).toBe('document');
    expect(sanitizeFileName('.htaccess')).toBe('htaccess');
  });

  it('shortens long names to 150 characters, keeping the extension', () => {
    const n = sanitizeFileName(`${'é'.repeat(400)}.pdf`);
    expect([...n]).toHaveLength(150);
    expect(n.endsWith('.pdf')).toBe(true);
  });

  it('gives the download the extension of the type found in the content', () => {
    expect(downloadFileName('scan.PDF', 'application/pdf')).toBe('scan.PDF');
    expect(downloadFileName('photo.jpeg', 'image/jpeg')).toBe('photo.jpeg');
    expect(downloadFileName('photo.pdf', 'image/png')).toBe('photo.pdf.png');
    expect(downloadFileName('facture', 'application/pdf')).toBe('facture.pdf');
  });

  it('uses the name without extension as a default title', () => {
    expect(titleFromFileName('Attestation CSS.pdf')).toBe('Attestation CSS');
    expect(titleFromFileName('.pdf')).toBe('.pdf');
  });

  it('always gives a short name without separators or control characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const n = sanitizeFileName(s);
        expect(n.length).toBeGreaterThan(0);
        expect([...n].length).toBeLessThanOrEqual(151);
        expect(n).not.toMatch(/[/\\<>:"|?*\p{Cc}\p{Cf}]/u);
        expect(n.startsWith('.')).toBe(false);
      }),
    );
  });
});
