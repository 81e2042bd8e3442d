import os from 'node:os';
import type { FloorResult } from './floor.ts';
import type { LoadResult } from './load.ts';
import { profileMarkdown, type ProfileSummary } from './profile.ts';

export const TARGETS = { p95Ms: 50, planReadP95Ms: 30, openRecordRps: 3000, nameSearchRps: 1000 } as const;

export type ScenarioKey = 'caseload' | 'caseload_q' | 'open' | 'duplicates' | 'referrals' | 'waiting_list' | 'plan_read';

export interface HttpRow {
  key: ScenarioKey;
  label: string;
  result: LoadResult;
  /** average cores busy during the measurement */
  cpu: { machine: number; server: number; postgres: number; loadgen: number };
  audit: { written: number; sealedDuring: number; unsealedAtEnd: number };
}

export interface FloorRow {
  key: ScenarioKey;
  label: string;
  select: FloorResult;
  withAudit: FloorResult;
}

export interface ExplainRow {
  key: ScenarioKey;
  label: string;
  params: string;
  plan: string;
  executionMs: number;
}

export interface Facts {
  date: string;
  cpus: string;
  memory: string;
  /** fixed measurements of the machine itself (bench/calibrate.ts) */
  calibration: string;
  node: string;
  postgres: string;
  database: string;
  settings: string;
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  data: string;
  generation: string;
  actor: string;
  databaseSize: string;
  /** SQL applied after loading (BENCH_EXTRA_SQL), if any */
  extraSql: string | null;
}

export interface Report {
  facts: Facts;
  http: HttpRow[];
  floor: FloorRow[];
  explains: ExplainRow[];
  auditDrain: { unsealedAfterRun: number; drainSeconds: number | null; sealedTotal: number };
  checks: string[];
  profiles: { label: string; summary: ProfileSummary }[];
  extraSql: string | null;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** CPU milliseconds per request from cores busy and requests per second. */
const perRequest = (cores: number, rps: number) => (rps > 0 ? ((cores * 1000) / rps).toFixed(2) : '–');
/** Cores used by everything else on the machine during the scenario (other sessions, services). */
export const other = (c: HttpRow['cpu']) => Math.max(0, c.machine - c.server - c.postgres - c.loadgen);

function statusSummary(r: LoadResult): string {
  const bad = Object.entries(r.statusCounts).filter(([s]) => !s.startsWith('2'));
  return bad.length ? bad.map(([s, n]) => `${n}×${s}`).join(', ') : '0';
}

export function httpTable(rows: HttpRow[]): string {
  const head = [
    '| scenario (HTTP, 10 connections) | req/s | p50 ms | p95 ms | p99 ms | max ms | errors / timeouts | non-2xx | CPU ms per request: server · PostgreSQL | cores busy: server · PostgreSQL · load gen · other processes | audit rows written · unsealed at end |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|---|---|',
  ];
  return head
    .concat(
      rows.map((h) => {
        const r = h.result;
        const c = h.cpu;
        return `| ${h.label} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} / ${r.timeouts} | ${statusSummary(r)} | ${perRequest(c.server, r.rps)} · ${perRequest(c.postgres, r.rps)} | ${c.server.toFixed(2)} · ${c.postgres.toFixed(2)} · ${c.loadgen.toFixed(2)} · ${other(c).toFixed(2)} | ${int(h.audit.written)} · ${int(h.audit.unsealedAtEnd)} |`;
      }),
    )
    .join('\n');
}

export function floorTable(rows: FloorRow[]): string {
  const head = [
    '| same queries as raw SQL (pool of 10, app role, RLS) | SELECTs: tx/s | p50 ms | p95 ms | p99 ms | PostgreSQL CPU ms/tx | + audit INSERT (write commit): tx/s | p50 ms | p95 ms | p99 ms | PostgreSQL CPU ms/tx | errors |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  return head
    .concat(
      rows.map((f) => {
        const a = f.select;
        const b = f.withAudit;
        return `| ${f.label} | ${int(a.rps)} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(a.p99)} | ${a.postgresCpuMs.toFixed(2)} | ${int(b.rps)} | ${ms(b.p50)} | ${ms(b.p95)} | ${ms(b.p99)} | ${b.postgresCpuMs.toFixed(2)} | ${a.errors + b.errors} |`;
      }),
    )
    .join('\n');
}

export function targetsTable(rows: HttpRow[]): string {
  const lines = ['| target | measured | verdict |', '|---|--:|---|'];
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  for (const h of rows) {
    const target = h.key === 'plan_read' ? TARGETS.planReadP95Ms : TARGETS.p95Ms;
    lines.push(`| ${h.label}: p95 ≤ ${target} ms | ${ms(h.result.p95)} ms | ${verdict(h.result.p95 <= target)} |`);
  }
  const open = rows.find((h) => h.key === 'open');
  if (open)
    lines.push(
      `| opening a record ≥ ${int(TARGETS.openRecordRps)} req/s | ${int(open.result.rps)} req/s | ${verdict(open.result.rps >= TARGETS.openRecordRps)} |`,
    );
  const named = rows.find((h) => h.key === 'caseload_q');
  if (named)
    lines.push(
      `| name search ≥ ${int(TARGETS.nameSearchRps)} req/s | ${int(named.result.rps)} req/s | ${verdict(named.result.rps >= TARGETS.nameSearchRps)} |`,
    );
  const errors = rows.reduce((n, h) => n + h.result.errors + h.result.timeouts + h.result.non2xx, 0);
  lines.push(`| no error, no non-2xx | ${errors} | ${verdict(errors === 0)} |`);
  return lines.join('\n');
}

export function factsList(f: Facts): string {
  return [
    `- date: ${f.date}`,
    `- machine: ${f.cpus}; ${f.memory}; Node ${f.node}`,
    `- machine calibration: ${f.calibration}`,
    `- PostgreSQL: ${f.postgres} (${f.database}); ${f.settings}`,
    `- data: ${f.data} (BENCH_SCALE=${f.scale}); database size ${f.databaseSize}`,
    `- generation: ${f.generation}`,
    `- load: autocannon, ${f.connections} connections, ${f.warmupSeconds} s warm-up then ${f.durationSeconds} s per scenario, load generator in its own process on the same machine`,
    `- actor: ${f.actor}`,
    ...(f.extraSql ? [`- **with ${f.extraSql} applied after loading** (a proposal, not the schema of the migrations)`] : []),
  ].join('\n');
}

/** A warning when other processes took a noticeable share of the machine during the HTTP scenarios. */
function contention(rows: HttpRow[]): string[] {
  const worst = Math.max(0, ...rows.map((h) => other(h.cpu)));
  return worst > 0.25
    ? [
        `**Warning:** other processes used up to ${worst.toFixed(2)} cores during the HTTP scenarios (on a machine of ${os.cpus().length} cores): the figures above are pessimistic; run again on a quiet machine.`,
        '',
      ]
    : [];
}

/** The part of the report that docs/performance.md embeds between its markers. */
export function summaryMarkdown(r: Report): string {
  const slowest = [...r.explains].sort((a, b) => b.executionMs - a.executionMs)[0];
  return [
    factsList(r.facts),
    '',
    httpTable(r.http),
    '',
    floorTable(r.floor),
    '',
    targetsTable(r.http),
    '',
    ...contention(r.http),
    `Audit sealer: ${int(r.auditDrain.unsealedAfterRun)} rows unsealed right after the last scenario; ` +
      (r.auditDrain.drainSeconds === null ? 'not drained within the wait.' : `all sealed ${r.auditDrain.drainSeconds.toFixed(1)} s later`) +
      ` (${int(r.auditDrain.sealedTotal)} rows sealed in all).`,
    '',
    ...(slowest
      ? [
          `Slowest query by execution time: ${slowest.label} (${slowest.params}), ${ms(slowest.executionMs)} ms:`,
          '',
          '```',
          slowest.plan,
          '```',
        ]
      : []),
  ].join('\n');
}

export function fullMarkdown(r: Report): string {
  return [
    '# Maillon bench — latest run',
    '',
    summaryMarkdown(r),
    '',
    '## Checks before measuring',
    '',
    ...r.checks.map((c) => `- ${c}`),
    '',
    '## EXPLAIN (ANALYZE, BUFFERS) of every query (the slowest parameters of each)',
    '',
    ...r.explains.flatMap((e) => [`### ${e.label} — ${e.params} — ${ms(e.executionMs)} ms`, '', '```', e.plan, '```', '']),
    ...(r.profiles.length
      ? ['## Server CPU profile (BENCH_PROFILE=1)', '', ...r.profiles.map((p) => profileMarkdown(p.label, p.summary))]
      : []),
  ].join('\n');
}
