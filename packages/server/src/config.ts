import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const postgresUrl = z.string().refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

/** Every environment variable the server reads, with its default. The README table mirrors this. */
export const configSchema = z.object({
  MAILLON_MODE: z.enum(['demo', 'production']).default('demo'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_APP_PASSWORD: z.string().min(16).optional(),
  DATABASE_SSL: z.enum(['disable', 'require', 'verify-full']).default('disable'),
  DATABASE_SSL_CA_FILE: z.string().optional(),
  DB_POOL_MAX: int(1, 200).default(10),
  DB_STATEMENT_TIMEOUT_MS: int(100, 600_000).default(15_000),
  DB_LOCK_TIMEOUT_MS: int(100, 600_000).default(5_000),
  EMBEDDED_PG_PORT: int(1, 65535).default(5433),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  TRUST_PROXY: z.string().default(''),
  RATE_LIMIT_PER_MINUTE: int(10, 10_000_000).default(600),
  /** Default: on, except in production (NODE_ENV or MAILLON_MODE) where they are opt-in (SEC-DP-07). */
  API_DOCS: bool.optional(),
  METRICS: bool.optional(),
  /** When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{32,}$/, 'must be at least 32 printable characters without spaces')
    .optional(),
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: int(1, 24 * 7).default(12),
  STEP_UP_SECONDS: int(1, 3600).default(300),
  IDEMPOTENCY_TTL_HOURS: int(1, 24 * 30).default(24),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Maillon <no-reply@maillon.local>'),
  WEB_DIST_DIR: z.string().optional(),
  ENCRYPTION_KEYS: z
    .string()
    .regex(/^[a-z0-9_-]+:[A-Za-z0-9_-]{43}=?(,[a-z0-9_-]+:[A-Za-z0-9_-]{43}=?)*$/, 'expected "keyId:base64url32bytes[,oldId:key...]"')
    .optional(),
  UPLOAD_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().trim().min(1).optional(),
  S3_REGION: z.string().trim().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().trim().min(1).optional(),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
});

export type Config = Omit<z.infer<typeof configSchema>, 'API_DOCS' | 'METRICS'> & {
  API_DOCS: boolean;
  METRICS: boolean;
  dataDir: string;
  webDistDir: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once at boot; every problem is listed in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = i.path.join('.');
        const raw = known[key];
        return `${key}=${JSON.stringify(raw ?? '')}: ${i.message}`;
      }),
    );
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.MAILLON_MODE === 'production' && !c.DATABASE_URL) {
    problems.push('DATABASE_URL: required in production mode (the embedded database is for demo and development)');
  }
  if (c.MAILLON_MODE === 'production' && !c.ENCRYPTION_KEYS) {
    problems.push('ENCRYPTION_KEYS: required in production mode (generate one with: npm run -s keygen)');
  }
  const anyS3 = c.S3_ENDPOINT || c.S3_REGION || c.S3_ACCESS_KEY_ID || c.S3_SECRET_ACCESS_KEY;
  if (anyS3 && !c.S3_BUCKET) problems.push('S3_BUCKET: required when another S3_* variable is set');
  if (!!c.S3_ACCESS_KEY_ID !== !!c.S3_SECRET_ACCESS_KEY) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither');
  if (c.DATABASE_SSL === 'verify-full' && !c.DATABASE_SSL_CA_FILE) {
    problems.push('DATABASE_SSL_CA_FILE: required when DATABASE_SSL=verify-full');
  }
  if (problems.length) throw new ConfigError(problems);
  const dataDir = path.resolve(cwd, c.DATA_DIR);
  const webDistDir = c.WEB_DIST_DIR ? path.resolve(cwd, c.WEB_DIST_DIR) : path.resolve(import.meta.dirname, '../../web/dist');
  // The API reference and the metrics describe the installation: public by default in demo and
  // development, opt-in in production.
  const production = c.NODE_ENV === 'production' || c.MAILLON_MODE === 'production';
  return { ...c, API_DOCS: c.API_DOCS ?? !production, METRICS: c.METRICS ?? !production, dataDir, webDistDir };
}
