import { sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { todayIso, type Plan, type PlanStatus } from '@maillon/shared/plans';
import { executeNamed, tableRow } from '../../db/tx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { gzipHead, gzipWithTail, type GzipHead } from '../../lib/gzip-tail.ts';
import type { Ctx } from '../../plugins/context.ts';
import { accessFactsSql, decideAccess, mostSensitive, purposeOf, type AccessFacts, type PersonAccess } from '../access/public.ts';
import { isPartner, readableCategories } from './policy.ts';
import { inForceOf, latestOf, loadVersions, planAccess, toPlan, type PlanRow } from './read.ts';
import { plan } from './tables.ts';

// Reading a plan (GET /plans/:id, the PDF): the most frequent and the largest read of the module —
// a plan in force has tens of goals and a hundred actions or more, with their budget, coherence
// checks and review dates. Decision 0010.
//
// Every request reads, in ONE statement, the plan, the state of its versions, the person's names
// and the facts its access is decided on, then decides access and writes its audit row, as
// before. What it does not redo each time is building the content of a version it has already
// built for the same caller: the content is a pure function of the version's own rows (changed
// only under its `version`, which every change bumps — agreed versions are frozen by triggers),
// the state of the plan's versions and reviews, the person's names, the categories the caller
// reads and the day. All of these are in the key, so the next request after any change misses it.
// Names of other people shown in the content (action owners, the reviewer, the representative)
// are not in the key: a renamed colleague appears under the new name within PLAN_VIEW_TTL_MS.

/** How long a built plan stays reusable, which bounds how long a renamed owner can show under the old name. */
const PLAN_VIEW_TTL_MS = 60_000;

/** A plan's content as the API returns it, without the caller's `access` part, and its JSON. */
interface Built {
  content: Omit<Plan, 'access'>;
  /**
   * `JSON.stringify(content)` without its closing brace, so that `access` can be appended, as
   * UTF-8 bytes: encoding a plan's text again at every answer was the largest cost left.
   */
  jsonOpen: Buffer;
  /** the same, gzipped once, made the first time a client that accepts gzip asks (every browser does) */
  gzipOpen?: GzipHead;
}

const built = new LRUCache<string, Built>({
  maxSize: 64 * 1024 * 1024,
  // a built plan holds its JSON bytes, about as much again as objects, and its gzip (a tenth)
  sizeCalculation: (b) => b.jsonOpen.length * 3 + 1,
  ttl: PLAN_VIEW_TTL_MS,
});

type LightVersion = { id: string; number: number; status: PlanStatus; version: number };

const planCols = tableRow(plan, 'pl');

/** The plan row, the state of its versions and reviews, the person's names and the access facts: one named statement. */
async function header(ctx: Ctx, planId: string) {
  const r = await executeNamed<
    Record<string, unknown> & { _versions: LightVersion[] | null; _reviews: number; _names: unknown; _facts: AccessFacts }
  >(
    ctx.tx,
    'plan_open',
    sql`select ${planCols.columns},
      (select json_agg(json_build_object('id', v.id, 'number', v.number, 'status', v.status, 'version', v.version) order by v.number)
        from plan_version v where v.plan_id = pl.id) as _versions,
      (select count(*)::int from plan_review r where r.plan_id = pl.id) as _reviews,
      json_build_array(p.birth_name, p.used_name, p.first_names) as _names,
      ${accessFactsSql(ctx, sql`p`)} as _facts
    from plan pl join person p on p.id = pl.person_id
    where pl.id = ${planId}`,
  );
  return r.rows[0];
}

/** Access to the person a plan is about; anything not readable is "not found" (SEC-AZ-03), as `accessFor`. */
function accessOf(ctx: Ctx, personId: string, facts: AccessFacts | undefined): PersonAccess {
  let access: PersonAccess;
  try {
    access = decideAccess(ctx, personId, facts);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw notFound('plan');
    throw e;
  }
  if (!readableCategories(access).length) throw notFound('plan');
  return access;
}

interface PlanRead {
  content: Omit<Plan, 'access'>;
  access: Plan['access'];
  /** the answer's JSON (UTF-8), built from the two parts above, gzipped or not */
  body(gzip: boolean): Buffer;
  /** the version of the plan version shown (ETag) */
  version: number;
}

/**
 * A plan as this caller may see it, audited with the most sensitive category shown. The care
 * team gets the latest version unless another is asked for; a partner gets the version in force
 * only, and no plan at all before one is agreed or when they own none of its actions.
 */
export async function readPlan(ctx: Ctx, planId: string, number?: number): Promise<PlanRead> {
  const h = await header(ctx, planId);
  if (!h) throw notFound('plan');
  const p: PlanRow = planCols.read(h);
  const access = accessOf(ctx, p.personId, h._facts);
  const versions = h._versions ?? [];
  const partner = isPartner(ctx);
  let v: LightVersion | null | undefined;
  if (partner) {
    v = inForceOf(versions);
    if (number !== undefined && v?.number !== number) v = null;
  } else {
    v = number === undefined && versions.length ? latestOf(versions) : versions.find((x) => x.number === number);
  }
  if (!v) throw notFound('plan');

  const key = [
    ctx.actor.tenantId,
    ctx.actor.userId,
    partner ? 'partner' : 'team',
    [...access.categories].sort().join(','),
    todayIso(),
    v.id,
    v.version,
    versions.map((x) => `${x.id}:${x.status}:${x.version}`).join(','),
    h._reviews,
    JSON.stringify(h._names),
  ].join('|');
  let b = built.get(key);
  if (!b) {
    const full = await loadVersions(ctx, planId);
    const { access: _, ...content } = await toPlan(
      ctx,
      p,
      full,
      full.find((x) => x.id === v.id)!,
      access,
    );
    b = { content, jsonOpen: Buffer.from(JSON.stringify(content).slice(0, -1)) };
    built.set(key, b);
  }
  const { content } = b;
  if (partner && content.goals.length === 0) throw notFound('plan');
  const acc = planAccess(ctx, access, versions, v);
  await ctx.audit({
    action: 'plan.read',
    resourceType: 'plan',
    resourceId: planId,
    personId: p.personId,
    infoCategory: mostSensitive(
      content.goals.map((g) => g.category).concat(acc.categories.includes('social') ? ['social'] : []),
      'administrative',
    ),
    purpose: purposeOf(access),
    details: { version: v.number, view: acc.view, goals: content.goals.length },
  });
  const made = b;
  const tail = Buffer.from(`,"access":${JSON.stringify(acc)}}`);
  return {
    content,
    access: acc,
    version: v.version,
    body: (gzip) => (gzip ? gzipWithTail((made.gzipOpen ??= gzipHead(made.jsonOpen)), tail) : Buffer.concat([made.jsonOpen, tail])),
  };
}
