import { defineConfig } from 'vitest/config';

// Three tiers (STYLE.md 14): unit = pure logic in shared, api = the real app on a real PostgreSQL.
// e2e runs through scripts/e2e.mjs (Playwright driving Debian's Chromium), not Vitest.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/shared/src/**/*.test.ts', 'packages/web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          include: ['packages/server/src/**/*.test.ts'],
          globalSetup: ['packages/server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
    ],
  },
});
