// Public entry of the plans module: vocabulary, schemas and pure calculations (budget, coherence,
// comparison, review dates) shared by the server and the web.
export * from './budget.ts';
export * from './coherence.ts';
export * from './content.ts';
export * from './dates.ts';
export * from './diff.ts';
export * from './domain.ts';
export * from './reviews.ts';
export * from './schemas.ts';
