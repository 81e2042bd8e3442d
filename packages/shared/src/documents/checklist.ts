import { documentCategoryOf, type ChecklistStatus, type DocumentCategory, type DocumentType } from './schemas.ts';

/** A document is valid through its `validUntil` day, and expired from the next day. */
export function isExpired(validUntil: string | null, today: string): boolean {
  return validUntil !== null && validUntil < today;
}

export interface ChecklistDocument {
  type: DocumentType;
  validUntil: string | null;
  createdAt: string;
}

export interface ChecklistRequirement {
  type: DocumentType;
  requiredBy: 'organisation' | 'service';
}

export interface ChecklistResult<D> {
  type: DocumentType;
  category: DocumentCategory;
  requiredBy: 'organisation' | 'service';
  status: ChecklistStatus;
  document: D | null;
}

/**
 * For each required type: `present` with the latest valid document, else `expired` with the
 * latest expired one, else `missing`. Archived documents must not be passed in. A type required
 * both by the organisation and by the service is listed once, as the organisation's.
 */
export function evaluateChecklist<D extends ChecklistDocument>(
  required: ChecklistRequirement[],
  documents: D[],
  today: string,
): ChecklistResult<D>[] {
  const seen = new Set<DocumentType>();
  const latestFirst = [...documents].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const out: ChecklistResult<D>[] = [];
  for (const r of [...required].sort((a, b) => (a.requiredBy === b.requiredBy ? 0 : a.requiredBy === 'organisation' ? -1 : 1))) {
    if (seen.has(r.type)) continue;
    seen.add(r.type);
    const ofType = latestFirst.filter((d) => d.type === r.type);
    const valid = ofType.find((d) => !isExpired(d.validUntil, today));
    const status: ChecklistStatus = valid ? 'present' : ofType.length ? 'expired' : 'missing';
    out.push({
      type: r.type,
      category: documentCategoryOf[r.type],
      requiredBy: r.requiredBy,
      status,
      document: valid ?? ofType[0] ?? null,
    });
  }
  return out;
}
