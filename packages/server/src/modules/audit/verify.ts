import { createHash } from 'node:crypto';
import pg from 'pg';

interface VerifyResult {
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
function canonical(r: Row): string {
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

/** Merged, ordered ranges of ids the sealer attested as missing (rolled back) when it sealed them. */
async function attestedGaps(client: pg.Client): Promise<{ from: number; to: number }[]> {
  const { rows } = await client.query<{ from_id: string; to_id: string }>(
    'select from_id::text, to_id::text from audit_seal_gap order by audit_seal_gap.from_id',
  );
  const out: { from: number; to: number }[] = [];
  for (const r of rows) {
    const g = { from: Number(r.from_id), to: Number(r.to_id) };
    const prev = out[out.length - 1];
    if (prev && g.from <= prev.to + 1) prev.to = Math.max(prev.to, g.to);
    else out.push(g);
  }
  return out;
}

/**
 * Walks the sealed chain in id order and recomputes every hash; names the first altered row
 * (SEC-LOG-04). Also fails on a row below the chain head that was never sealed, and on an id
 * missing between sealed rows that the sealer did not attest as rolled back (a row removed before
 * it was sealed). Needs a connection that sees every tenant (the migrator/admin URL).
 */
export async function verifyAuditChain(url: string, ssl?: pg.ClientConfig['ssl']): Promise<VerifyResult> {
  const client = new pg.Client({ connectionString: url, ssl });
  await client.connect();
  try {
    // The head first: the walk stops there, so rows sealed meanwhile are left to the next run.
    const head = (
      await client.query<{ last_hash: string; last_id: string; gaps_attested_from: string | null }>(
        'select last_hash, last_id::text, gaps_attested_from::text from audit_seal_state where id = 1',
      )
    ).rows[0];
    const headId = Number(head?.last_id ?? 0);
    const attestedFrom =
      head?.gaps_attested_from === null || head?.gaps_attested_from === undefined ? Infinity : Number(head.gaps_attested_from);
    const below = await client.query<{ id: string }>('select min(id)::text as id from audit_event where hash is null and id <= $1', [
      headId,
    ]);
    if (below.rows[0]?.id) {
      return await broken(client, Number(below.rows[0].id), 0, 'a row below the chain head was never sealed');
    }
    const gaps = await attestedGaps(client);
    let g = 0;
    /** Every id strictly between a and b must lie in an attested gap. */
    const missingUnattested = (a: number, b: number): number | null => {
      let next = Math.max(a + 1, attestedFrom + 1);
      while (next < b) {
        while (g < gaps.length && gaps[g]!.to < next) g++;
        const gap = gaps[g];
        if (!gap || gap.from > next) return next;
        next = gap.to + 1;
      }
      return null;
    };
    let prev = '';
    let lastId = 0;
    let checked = 0;
    for (;;) {
      const { rows } = await client.query<Row>(
        `select id::text, tenant_id::text, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at_text,
                actor_user_id::text, actor_role, actor_profession, action, resource_type, resource_id, person_id::text,
                info_category, purpose, outcome, request_id, ip, details::text as details_text, prev_hash, hash
         from audit_event where hash is not null and audit_event.id > $1 and audit_event.id <= $2 order by audit_event.id limit 5000`,
        [lastId, headId],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const id = Number(r.id);
        const expected = createHash('sha256')
          .update(`${prev}|${canonical(r)}`, 'utf8')
          .digest('hex');
        if (r.prev_hash !== prev) return await broken(client, id, checked, 'prev_hash does not link to the previous sealed row');
        if (r.hash !== expected) return await broken(client, id, checked, 'content does not match its hash');
        const missing = missingUnattested(lastId, id);
        if (missing !== null) return await broken(client, missing, checked, 'an id is missing between sealed rows (row removed?)');
        prev = r.hash;
        lastId = id;
        checked++;
      }
    }
    if (head && head.last_hash !== prev) {
      return await broken(client, headId, checked, 'the chain head does not match the last sealed row (rows removed?)');
    }
    const missing = missingUnattested(lastId, headId + 1);
    if (missing !== null) return await broken(client, missing, checked, 'an id is missing between sealed rows (row removed?)');
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
