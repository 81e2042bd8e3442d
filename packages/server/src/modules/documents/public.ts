// The documents module's public entry (STYLE.md 9).
export { seedDocumentChecklist } from './checklist.service.ts';
export { createFileStore, loadDocumentsConfig, type DocumentsConfig, type FileStore } from './storage.ts';
