// The documents module's public entry (STYLE.md 9).
export { createFileStore, loadDocumentsConfig, type FileStore } from './storage.ts';
