// Public entry of the coordination module: the journal's vocabulary, default rules and API schemas.
export * from './journal.ts';
export * from './schemas.ts';
