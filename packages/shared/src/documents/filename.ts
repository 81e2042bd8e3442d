import { documentMediaTypes, type DocumentMediaType } from './schemas.ts';

const MAX_NAME = 150;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * The original file name, made safe to display and to offer back as a download name: no path,
 * no control or bidirectional-override characters, no characters that file systems refuse,
 * at most 150 characters (extension kept). Never used as a storage name (SEC-VAL-08).
 */
export function sanitizeFileName(raw: string | null | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if ([...name].length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name =
      [...name.slice(0, name.length - ext.length)]
        .slice(0, MAX_NAME - ext.length)
        .join('')
        .trimEnd() + ext;
  }
  if (!name) return 'document';
  return WINDOWS_RESERVED.test(name) ? `_${name}` : name;
}

/** The download name: the cleaned name, with the extension of the detected type when it does not already end so. */
export function downloadFileName(fileName: string, mediaType: string): string {
  const exts = (documentMediaTypes as Record<string, readonly string[]>)[mediaType as DocumentMediaType];
  const name = sanitizeFileName(fileName);
  if (!exts?.length) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return exts.includes(ext) ? name : `${name}.${exts[0]}`;
}

/** The title shown when none is given: the file name without its extension. */
export function titleFromFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot > 0 ? fileName.slice(0, dot) : fileName).slice(0, 200) || 'document';
}
