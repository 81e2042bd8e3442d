export * from './roles.ts';
export * from './permissions.ts';
export * from './abilities.ts';
export * from './schemas.ts';
export * from './password.ts';
