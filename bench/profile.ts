/**
 * BENCH_PROFILE=1: a CPU profile of the server's thread (it runs in this process) during each
 * HTTP scenario, saved as .cpuprofile (open it in Chrome DevTools) and summarised by package and
 * by function (self time), to see where the server's milliseconds per request go.
 */
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

export class CpuProfiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.session.post('Profiler.start');
  }

  async stop(): Promise<Profiler.Profile> {
    const { profile } = await this.session.post('Profiler.stop');
    await this.session.post('Profiler.disable');
    this.session.disconnect();
    return profile;
  }
}

/** Where a frame's code lives: a package of node_modules, a file of ours, or the runtime. */
function owner(url: string): string {
  if (!url) return '(runtime: GC, native, idle)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node (core)';
  const m = /\/(packages\/[^/]+\/src\/.*|bench\/.*)$/.exec(url);
  return m ? m[1]! : url;
}

export interface ProfileSummary {
  samples: number;
  byOwner: { name: string; share: number }[];
  byFunction: { name: string; share: number }[];
}

export function summariseProfile(profile: Profiler.Profile, top = 15): ProfileSummary {
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const f = n.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    total += hits;
    const o = owner(f.url);
    byOwner.set(o, (byOwner.get(o) ?? 0) + hits);
    const fn = `${f.functionName || '(anonymous)'} — ${o}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, share: total ? hits / total : 0 }));
  return { samples: total, byOwner: rank(byOwner), byFunction: rank(byFunction) };
}

export function profileMarkdown(label: string, s: ProfileSummary): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  return [
    `### ${label} — ${s.samples.toLocaleString('en-US')} busy samples (self time, idle excluded)`,
    '',
    '| where | share |',
    '|---|--:|',
    ...s.byOwner.map((o) => `| ${o.name} | ${pct(o.share)} |`),
    '',
    '| function | share |',
    '|---|--:|',
    ...s.byFunction.map((o) => `| ${o.name.replace(/\|/g, '\\|')} | ${pct(o.share)} |`),
    '',
  ].join('\n');
}
