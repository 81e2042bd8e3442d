// `npm test`: typecheck, lint, then unit, API and end-to-end tests (Vitest projects). Stops at
// the first failing step. Prints the totals as one plain line at the end.
// Options: TEST_DATABASE_URL=postgres://… runs the API tests on that server instead of the
// embedded one; `node scripts/test.mjs --only=api` runs a single tier, and
// `node scripts/test.mjs --only=api packages/server/src/x.test.ts` only the files named.
// Every form exits 1 when a test fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const files = process.argv.slice(2).filter((a) => !a.startsWith('--only='));
if (files.length && !only) {
  console.error('name test files with --only=<tier>, e.g. node scripts/test.mjs --only=api packages/server/src/x.test.ts');
  process.exit(2);
}
const resultsDir = path.join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });

function run(title, cmd, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const npx = (bin) => path.join(root, 'node_modules/.bin', bin);
let ok = true;
if (!only) {
  ok = run('typecheck', npx('tsc'), ['-p', 'packages/shared', '--noEmit']) && ok;
  ok = ok && run('typecheck (server)', npx('tsc'), ['-p', 'packages/server', '--noEmit']);
  ok = ok && run('typecheck (web)', npx('tsc'), ['-p', 'packages/web', '--noEmit']);
  ok = ok && run('lint', npx('eslint'), ['.']);
  ok =
    ok &&
    run('module boundaries', npx('depcruise'), [
      'packages/server/src',
      'packages/shared/src',
      'packages/web/src',
      '--config',
      '.dependency-cruiser.cjs',
    ]);
  ok = ok && run('no module cycles', npx('depcruise'), ['packages/server/src', '--config', '.dependency-cruiser-modules.cjs']);
  ok = ok && run('no dead exports', npx('knip'), ['--no-progress']);
  ok = ok && run('format', npx('prettier'), ['--check', '.', '--log-level', 'warn']);
}
const tiers = only ? [only] : ['unit', 'api', 'e2e'];
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const tier of tiers) {
  if (!ok) break;
  const out = path.join(resultsDir, `${tier}${process.env.TEST_RESULTS_SUFFIX ?? ''}.json`);
  const passed = run(`${tier} tests`, npx('vitest'), [
    'run',
    '--project',
    tier,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...files,
  ]);
  // The report decides too, not only the exit status: a file that failed to load, or a run with
  // no test, must fail the tier (packages/server/src/db/embedded.ts keeps Vitest's own status).
  let reportOk = false;
  try {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    reportOk = j.numFailedTests === 0 && j.numFailedTestSuites === 0 && j.success !== false;
    if (!reportOk && j.numFailedTests === 0) totals.failed += 1; // a file that failed outside any test
    if (j.numTotalTests === 0) {
      console.error(`no ${tier} test ran`);
      ok = false;
    }
  } catch {
    totals.failed += 1;
  }
  ok = passed && reportOk && ok;
}
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
