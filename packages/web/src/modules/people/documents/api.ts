import type { DocumentType, PersonChecklistItem, PersonDocument } from '@maillon/shared/documents';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiDownload, apiFetch } from '../../../ui/api';

export type { DocumentType, PersonChecklistItem, PersonDocument };

/**
 * The person's administrative documents and the required-documents checklist (the `documents` server module).
 * Kept beside the record's other tabs; every read is audited by the server.
 */

const person = (id: string) => `/api/v1/people/${encodeURIComponent(id)}`;

export const DOCUMENTS_PAGE_SIZE = 50;

export const documentKeys = {
  /** Under the person's key: refreshing the record refreshes its documents. */
  all: (personId: string) => ['people', 'person', personId, 'documents'] as const,
  list: (personId: string, includeArchived: boolean) => ['people', 'person', personId, 'documents', 'list', { includeArchived }] as const,
  checklist: (personId: string) => ['people', 'person', personId, 'documents', 'checklist'] as const,
};

export function documentsInfiniteQueryOptions(personId: string, includeArchived: boolean) {
  return infiniteQueryOptions({
    queryKey: documentKeys.list(personId, includeArchived),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(DOCUMENTS_PAGE_SIZE) });
      if (includeArchived) params.set('includeArchived', 'true');
      if (pageParam) params.set('cursor', pageParam);
      return apiFetch<{ items: PersonDocument[]; nextCursor: string | null }>(`${person(personId)}/documents?${params.toString()}`, {
        signal,
      });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

export function checklistQueryOptions(personId: string) {
  return queryOptions({
    queryKey: documentKeys.checklist(personId),
    queryFn: ({ signal }) =>
      apiFetch<{ items: PersonChecklistItem[] }>(`${person(personId)}/documents/checklist`, { signal }).then((r) => r.items),
    staleTime: 0,
  });
}

export interface DocumentUpload {
  type: DocumentType;
  title: string;
  validUntil: string;
  file: File;
}

/** multipart/form-data: the text fields first, then the file (the server checks the record before storing it). */
export function uploadDocument(personId: string, upload: DocumentUpload, idempotencyKey: string) {
  const body = new FormData();
  body.append('type', upload.type);
  if (upload.title.trim()) body.append('title', upload.title.trim());
  if (upload.validUntil) body.append('validUntil', upload.validUntil);
  body.append('file', upload.file, upload.file.name);
  return apiFetch<PersonDocument>(`${person(personId)}/documents`, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export const downloadDocument = (personId: string, documentId: string) =>
  apiDownload(`${person(personId)}/documents/${encodeURIComponent(documentId)}/content`);

export const archiveDocument = (personId: string, document: PersonDocument, reason: string) =>
  apiFetch<PersonDocument>(`${person(personId)}/documents/${encodeURIComponent(document.id)}/archive`, {
    method: 'POST',
    body: { reason },
    headers: { 'If-Match': `"${document.version}"` },
  });
