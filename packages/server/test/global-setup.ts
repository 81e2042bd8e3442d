import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedServer } from '../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

let server: EmbeddedServer | null = null;
let dir: string | null = null;

/**
 * One real PostgreSQL for the whole API run: the embedded one by default, or TEST_DATABASE_URL
 * (CI also runs against the system PostgreSQL 15). Each test file gets its own database.
 */
export async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('pgServerUrl', external);
    return;
  }
  dir = await mkdtemp(path.join(os.tmpdir(), 'maillon-test-'));
  await chmod(dir, 0o755);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  server = await startEmbedded({ dataDir: dir, port });
  project.provide('pgServerUrl', server.adminUrl);
}

export async function teardown() {
  if (server) await server.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
