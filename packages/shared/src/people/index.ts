export * from './categories.ts';
export * from './nir.ts';
export * from './schemas.ts';
export * from './names.ts';
