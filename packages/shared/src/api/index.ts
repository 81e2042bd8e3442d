export * from './errors.ts';
export * from './problem.ts';
export * from './pagination.ts';
export * from './meta.ts';
export * from './fields.ts';
export * from './lifecycle.ts';
