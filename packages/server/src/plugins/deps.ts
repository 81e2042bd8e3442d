import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Db } from '../db/tx.ts';
import type { FieldCipher } from '../lib/crypto.ts';
import type { Mailer } from '../lib/mailer.ts';

/** Everything the app needs from the outside, built by main.ts (or by a test) and passed in. */
export interface AppDeps {
  config: Config;
  pool: pg.Pool;
  db: Db;
  cipher: FieldCipher;
  mailer: Mailer;
  commonPasswords: ReadonlySet<string>;
}
