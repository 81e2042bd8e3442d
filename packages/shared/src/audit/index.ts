export * from './actions.ts';
export * from './labels.ts';
