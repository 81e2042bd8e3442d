import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the module tables, reviewed, and committed (DESIGN.md §5).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/tables.ts', './src/modules/*/tables.ts'],
  out: './migrations',
  casing: 'snake_case',
  migrations: { table: '__drizzle_migrations', schema: 'drizzle' },
});
