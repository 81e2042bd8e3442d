export * from './schemas.ts';
export * from './checklist.ts';
export * from './filename.ts';
