import type { FastifyInstance } from 'fastify';
import { dictionary } from '@zxcvbn-ts/language-common';
import { buildApp, loggerOptions } from './app.ts';
import type { Config } from './config.ts';
import { startDatabase, type DatabaseHandle } from './db/start.ts';
import { checkDurability, createPool } from './db/pool.ts';
import { createDb } from './db/tx.ts';
import { loadOrCreateSecrets } from './db/embedded.ts';
import { FieldCipher } from './lib/crypto.ts';
import { createMailer, type Mailer } from './lib/mailer.ts';
import { dispatchOutbox } from './lib/outbox.ts';
import { sealAudit } from './modules/audit/service.ts';
import type { AppDeps } from './plugins/deps.ts';

function parseKeys(spec: string): FieldCipher {
  const entries = spec.split(',').map((p) => {
    const [id, key] = p.split(':') as [string, string];
    return [id, Buffer.from(key, 'base64url')] as const;
  });
  return new FieldCipher(new Map(entries), entries[0]![0]);
}

let commonPasswords: ReadonlySet<string> | null = null;
/** The shipped list of common passwords (zxcvbn-ts, ~49 000 entries), loaded once (SEC-AUTHN-02). */
export function loadCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords;
}

export interface RunningServer {
  app: FastifyInstance;
  deps: AppDeps;
  database: DatabaseHandle;
  /** stop accepting, finish in-flight requests, stop workers, close the pool, stop the database */
  close(): Promise<void>;
}

/** Everything main.ts does except listening: also used by the API tests and the CLIs. */
export async function createServer(
  config: Config,
  opts: { mailer?: Mailer; log?: (m: string) => void; workers?: boolean; logStream?: NodeJS.WritableStream } = {},
): Promise<RunningServer> {
  const log = opts.log ?? (() => undefined);
  const database = await startDatabase(config, log);
  // Lost connections are logged by the app's logger once it exists.
  let connectionLost: (e: Error) => void = () => undefined;
  const pool = createPool({
    url: database.appUrl,
    max: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DB_LOCK_TIMEOUT_MS,
    ssl: database.ssl,
    onConnectionError: (e) => connectionLost(e),
  });
  try {
    const problems = await checkDurability(pool);
    if (problems.length) throw new Error(`Refusing to start: the database could lose acknowledged writes (REL-02): ${problems.join('; ')}`);
  } catch (e) {
    await pool.end();
    await database.stop();
    throw e;
  }
  const keys = config.ENCRYPTION_KEYS ?? `k1:${(await loadOrCreateSecrets(config.dataDir)).encryptionKey}`;
  const deps: AppDeps = {
    config,
    pool,
    db: createDb(pool),
    cipher: parseKeys(keys),
    mailer: opts.mailer ?? createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log: console }),
    commonPasswords: loadCommonPasswords(),
  };
  const app = await buildApp(
    deps,
    opts.logStream ? { logger: { ...(loggerOptions(config.LOG_LEVEL) as object), stream: opts.logStream } } : {},
  );
  connectionLost = (e) => app.log.warn({ err: { message: e.message, code: (e as { code?: unknown }).code } }, 'database connection lost');
  const timers: NodeJS.Timeout[] = [];
  let closing = false;
  if (opts.workers !== false) {
    const every = (ms: number, fn: () => Promise<unknown>) => {
      let running = false;
      timers.push(
        setInterval(() => {
          if (running || closing) return;
          running = true;
          fn()
            .catch((e: unknown) => app.log.warn({ err: e }, 'background job failed'))
            .finally(() => {
              running = false;
            });
        }, ms),
      );
    };
    every(1000, () => sealAudit(deps.db));
    every(2000, () => dispatchOutbox(deps.db, deps.mailer, app.log));
  }
  return {
    app,
    deps,
    database,
    close: async () => {
      closing = true;
      for (const t of timers) clearInterval(t);
      // In-flight requests get SHUTDOWN_GRACE_MS to finish; then their connections are cut (REL-08).
      const cut = setTimeout(() => app.server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
      // Bounded whatever the database's state: a pool waiting on a database that is away is left.
      await Promise.race([pool.end(), new Promise((r) => setTimeout(r, 2000).unref())]);
      await database.stop();
    },
  };
}
