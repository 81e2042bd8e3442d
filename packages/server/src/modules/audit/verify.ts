import { createHash } from 'node:crypto';
import pg from 'pg';

export interface VerifyResult {
  ok: boolean;
  sealedChecked: number;
  firstBrokenId: number | null;
  reason: string | null;
  unsealed: { count: number; fromId: number | null; oldest: string | null };
}

interface Row {
  id: string;
  tenant_id: string | null;
  occurred_at_text: string;
  actor_user_id: string | null;
  actor_role: string | null;
  actor_profession: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  person_id: string | null;
  info_category: string | null;
  purpose: string;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  details_text: string;
  prev_hash: string | null;
  hash: string;
}

/** The canonical text, rebuilt here independently of the SQL `audit_canonical` function. */
export function canonical(r: Row): string {
  return [
    r.id,
    r.tenant_id ?? '',
    r.occurred_at_text,
    r.actor_user_id ?? '',
    r.actor_role ?? '',
    r.actor_profession ?? '',
    r.action,
    r.resource_type,
    r.resource_id ?? '',
    r.person_id ?? '',
    r.info_category ?? '',
    r.purpose,
    r.outcome,
    r.request_id ?? '',
    r.ip ?? '',
    r.details_text,
  ].join('|');
}

/**
 * Walks the sealed chain in id order and recomputes every hash; names the first altered row
 * (SEC-LOG-04). Needs a connection that sees every tenant (the migrator/admin URL).
 */
export async function verifyAuditChain(url: string, ssl?: pg.ClientConfig['ssl']): Promise<VerifyResult> {
  const client = new pg.Client({ connectionString: url, ssl });
  await client.connect();
  try {
    let prev = '';
    let lastId = 0;
    let checked = 0;
    for (;;) {
      const { rows } = await client.query<Row>(
        `select id::text, tenant_id::text, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at_text,
                actor_user_id::text, actor_role, actor_profession, action, resource_type, resource_id, person_id::text,
                info_category, purpose, outcome, request_id, ip, details::text as details_text, prev_hash, hash
         from audit_event where hash is not null and audit_event.id > $1 order by audit_event.id limit 5000`,
        [lastId],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const expected = createHash('sha256')
          .update(`${prev}|${canonical(r)}`, 'utf8')
          .digest('hex');
        if (r.prev_hash !== prev) return await broken(client, Number(r.id), checked, 'prev_hash does not link to the previous sealed row');
        if (r.hash !== expected) return await broken(client, Number(r.id), checked, 'content does not match its hash');
        prev = r.hash;
        lastId = Number(r.id);
        checked++;
      }
    }
    const head = await client.query<{ last_hash: string; last_id: string }>(
      'select last_hash, last_id::text from audit_seal_state where id = 1',
    );
    if (head.rows[0] && head.rows[0].last_hash !== prev) {
      return await broken(
        client,
        Number(head.rows[0].last_id),
        checked,
        'the chain head does not match the last sealed row (rows removed?)',
      );
    }
    return { ok: true, sealedChecked: checked, firstBrokenId: null, reason: null, unsealed: await unsealed(client) };
  } finally {
    await client.end();
  }
}

async function unsealed(client: pg.Client) {
  const u = await client.query<{ n: string; min: string | null; oldest: Date | null }>(
    'select count(*) as n, min(id)::text as min, min(occurred_at) as oldest from audit_event where hash is null',
  );
  const r = u.rows[0]!;
  return { count: Number(r.n), fromId: r.min ? Number(r.min) : null, oldest: r.oldest ? new Date(r.oldest).toISOString() : null };
}

async function broken(client: pg.Client, id: number, checked: number, reason: string): Promise<VerifyResult> {
  return { ok: false, sealedChecked: checked, firstBrokenId: id, reason, unsealed: await unsealed(client) };
}
