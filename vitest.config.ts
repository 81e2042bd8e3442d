import { defineConfig } from 'vitest/config';
import { stringsPlugin } from './packages/web/strings-plugin';

// Three tiers (STYLE.md 14): unit = pure logic in shared, api = the real app on a real PostgreSQL.
// e2e = whole workflows in Debian's Chromium driven by playwright-core against the real server.
export default defineConfig({
  test: {
    projects: [
      {
        // The web's catalogues are split at build time (`?strings=core|modules`); the tests load every string.
        plugins: [stringsPlugin()],
        test: {
          name: 'unit',
          include: ['packages/shared/src/**/*.test.ts', 'packages/web/src/**/*.test.ts'],
          setupFiles: ['packages/web/src/i18n/test-setup.ts'],
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
      {
        test: {
          name: 'e2e',
          include: ['packages/web/e2e/**/*.e2e.ts'],
          globalSetup: ['packages/web/e2e/global-setup.ts'],
          // Whole workflows in a real browser: 1–2 minutes each on the reference machine, and up to twice
          // that on a slower guest of the same kind (docs/performance.md, machine calibration).
          testTimeout: 240_000,
          hookTimeout: 180_000,
          // One browser at a time on a 2-core machine; workflows inside a file run in order.
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
