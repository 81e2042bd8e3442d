/**
 * First-screen JavaScript of the web app (issue 18): builds packages/web with Vite's manifest, then sums, gzip-compressed,
 * the JavaScript a browser loads for the sign-in page and for the home page: the entry chunk and its static imports,
 * plus the route's lazily loaded page chunk and its static imports (what `lazyRouteComponent` fetches). CSS is left
 * out (the budget is for JavaScript). Budget: 250 KB gzip for both screens together.
 *
 * `npx tsx bench/web-bundle.ts` prints the report; `npm run bench` runs it as its first step (BENCH_SKIP_WEB=1 skips it).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'packages/web');
const dist = path.join(web, 'dist');

/** 250 KB (kilobytes of 1000 bytes, as Vite reports them) of gzip-compressed JavaScript for sign-in and home. */
export const FIRST_SCREEN_BUDGET_KB = 250;

/** The page modules each first-screen route loads lazily (see the modules' `module.tsx`). */
const SCREENS = {
  login: ['src/modules/identity/LoginPage.tsx'],
  home: ['src/app/AppLayout.tsx', 'src/modules/home/HomePage.tsx'],
} as const;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface ScreenSize {
  screen: string;
  files: number;
  gzipKb: number;
  rawKb: number;
}

export interface FirstScreenReport {
  budgetKb: number;
  /** Sign-in then home: every JavaScript file either loads, each counted once. */
  total: ScreenSize;
  screens: ScreenSize[];
  /** Every JavaScript file of the build, for comparison (what the first load carried before code splitting). */
  all: ScreenSize;
}

const kb = (bytes: number) => Math.round(bytes / 100) / 10;

/** The chunk's file and those of its static imports, transitively (what the browser fetches before running it). */
function closure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the Vite manifest: is it still a lazily loaded page?`);
  if (into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, into);
  return into;
}

function size(screen: string, files: Iterable<string>): ScreenSize {
  let raw = 0;
  let gzip = 0;
  let count = 0;
  for (const file of files) {
    if (!file.endsWith('.js')) continue;
    const bytes = readFileSync(path.join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    count += 1;
  }
  return { screen, files: count, gzipKb: kb(gzip), rawKb: kb(raw) };
}

export function measureFirstScreen({ build = true } = {}): FirstScreenReport {
  if (build) execFileSync('npx', ['vite', 'build', '--manifest', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry chunk, found ${entries.length}`);
  const entry = closure(manifest, entries[0]![0]);
  const screens = Object.entries(SCREENS).map(([screen, pages]) => {
    const files = new Set(entry);
    for (const page of pages) closure(manifest, page, files);
    return size(screen, files);
  });
  const union = new Set(entry);
  for (const page of Object.values(SCREENS).flat()) closure(manifest, page, union);
  const every = new Set(Object.values(manifest).map((chunk) => chunk.file));
  return { budgetKb: FIRST_SCREEN_BUDGET_KB, total: size('login + home', union), screens, all: size('all', every) };
}

export function firstScreenMarkdown(report: FirstScreenReport): string {
  const rows = [report.total, ...report.screens, report.all].map(
    (s) => `| ${s.screen} | ${s.files} | ${s.rawKb.toFixed(1)} | ${s.gzipKb.toFixed(1)} |`,
  );
  const verdict = report.total.gzipKb <= report.budgetKb ? 'within' : 'OVER';
  return [
    `First-screen JavaScript: ${report.total.gzipKb.toFixed(1)} KB gzip, ${verdict} the ${report.budgetKb} KB budget.`,
    '',
    '| Screen | JS files | Minified KB | Gzip KB |',
    '|---|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = measureFirstScreen({ build: !process.argv.includes('--no-build') });
  console.log(firstScreenMarkdown(report));
  if (report.total.gzipKb > report.budgetKb) process.exitCode = 1;
}
