// The supported Node (decision record 0012): every package installed by `npm ci` runs on the oldest
// Node that package.json's `engines` accepts, so npm ci has no EBADENGINE warning.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};
const root = path.resolve(import.meta.dirname, '../../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

describe('supported Node', () => {
  it('every package of the lockfile runs on the oldest Node that engines accepts', () => {
    const engines = readJson('package.json').engines as { node: string };
    const oldest = semver.minVersion(engines.node)!.version;
    expect(oldest).toBe('20.19.0');
    const packages = readJson('package-lock.json').packages as Record<string, { engines?: unknown; optional?: boolean }>;
    const refused = Object.entries(packages)
      .filter(([, p]) => typeof (p.engines as { node?: unknown } | undefined)?.node === 'string')
      .filter(([, p]) => !semver.satisfies(oldest, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name} needs node ${(p.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});
