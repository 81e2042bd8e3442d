import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/src/config.ts';
import { createServer, type RunningServer } from '../../server/src/server.ts';
import { createMailer } from '../../server/src/lib/mailer.ts';
import { seedDemo } from '../../server/src/seed/demo.ts';
import { startSmtp } from '../../server/test/harness-smtp.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mailFile: string;
    chromiumPath: string;
  }
}

let server: RunningServer | null = null;
let dir: string | null = null;
let closeSmtp: (() => Promise<void>) | null = null;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Starts the real product once for the e2e run: built web app, embedded PostgreSQL, demo data. */
export async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`);
  }
  const root = path.resolve(import.meta.dirname, '../../..');
  const b = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: path.join(root, 'packages/web'),
    stdio: 'inherit',
  });
  if (b.status !== 0) throw new Error('web build failed');
  dir = await mkdtemp(path.join(os.tmpdir(), 'maillon-e2e-'));
  await chmod(dir, 0o755);
  const mailFile = path.join(dir, 'mails.json');
  await writeFile(mailFile, '[]');
  const smtp = await startSmtp(mailFile);
  closeSmtp = () => smtp.close();
  // A real port known in advance, so that e-mailed links point at this server.
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    // A one-second step-up window, so that every step-up in the workflows is really asked for.
    STEP_UP_SECONDS: '1',
    EMBEDDED_PG_PORT: String(40_000 + Math.floor(Math.random() * 10_000)),
    SMTP_URL: smtp.url,
    ...(process.env.TEST_DATABASE_URL
      ? { DATABASE_URL: process.env.TEST_DATABASE_URL.replace(/\/[^/]*$/, `/maillon_e2e_${Date.now()}`) }
      : {}),
  });
  server = await createServer(config, { mailer: createMailer({ smtpUrl: smtp.url, from: config.MAIL_FROM, log: console }) });
  await seedDemo(server.deps);
  await server.app.listen({ port, host: '127.0.0.1' });
  project.provide('baseUrl', `http://localhost:${port}`);
  project.provide('mailFile', mailFile);
  project.provide('chromiumPath', CHROMIUM);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function teardown() {
  await server?.close();
  await closeSmtp?.();
  if (dir) await rm(dir, { recursive: true, force: true });
}
