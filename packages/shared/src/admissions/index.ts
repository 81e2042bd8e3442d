export * from './vocabulary.ts';
export * from './workflow.ts';
export * from './schemas.ts';
