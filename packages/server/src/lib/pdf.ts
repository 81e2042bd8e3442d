import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

// pdfmake is the one PDF library of the product (DESIGN.md §3); fonts come from its bundled
// Roboto (vfs), so a PDF renders the same everywhere without system fonts.
const require = createRequire(import.meta.url);
const PdfPrinter = require('pdfmake/src/printer') as new (fonts: Record<string, Record<string, Buffer>>) => {
  createPdfKitDocument(def: TDocumentDefinitions): NodeJS.ReadableStream & { end(): void };
};
const vfs = require('pdfmake/build/vfs_fonts.js') as Record<string, string>;

const font = (name: string) => Buffer.from(vfs[name]!, 'base64');
const printer = new PdfPrinter({
  Roboto: {
    normal: font('Roboto-Regular.ttf'),
    bold: font('Roboto-Medium.ttf'),
    italics: font('Roboto-Italic.ttf'),
    bolditalics: font('Roboto-MediumItalic.ttf'),
  },
});

/** Renders a document definition to a PDF buffer. */
export async function renderPdf(def: TDocumentDefinitions): Promise<Buffer> {
  const doc = printer.createPdfKitDocument({
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    pageSize: 'A4',
    pageMargins: [40, 50, 40, 50],
    ...def,
  });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export const frDateTime = (isoValue: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(isoValue));
export const frDate = (isoDate: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
