import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');

/** Debian's Chromium driven by playwright-core, with the flags this closed network needs. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromiumPath'),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * The screen size of the whole run: `E2E_VIEWPORT=768x1024` (or 1024x768, 1366x768) runs every
 * flow at that size, except the checks of one layout that ask for a `fixed` size (issue 19
 * acceptance). Unset: each test's own size, 1280×800 by default.
 */
export function runViewport(env: string | undefined = process.env.E2E_VIEWPORT): { width: number; height: number } | null {
  if (!env) return null;
  const m = /^(\d{3,4})x(\d{3,4})$/.exec(env.trim());
  if (!m) throw new Error(`E2E_VIEWPORT must look like 768x1024, not "${env}"`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

export async function newPage(
  browser: Browser,
  opts: { width?: number; height?: number; locale?: string; fixed?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const forced = opts.fixed ? null : runViewport();
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: forced ?? { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: opts.locale ?? 'fr-FR',
    // The product's time zone, as on a coordinator's computer in France.
    timezoneId: 'Europe/Paris',
  });
  await context.addInitScript(installScanner);
  // Every page the flow visited is checked before its context closes (and at each accessibility check).
  const close = context.close.bind(context);
  context.close = async (...args: Parameters<BrowserContext['close']>) => {
    for (const p of context.pages()) await expectReadable(p);
    return close(...args);
  };
  const page = await context.newPage();
  return { context, page };
}

export interface ScanFinding {
  url: string;
  kind: 'iso_timestamp' | 'code' | 'english';
  text: string;
}

/**
 * Runs in the page: after every change of the document (debounced), looks at what a person reads
 * — the text, not inputs' values, not `<time datetime>` or other attributes — for an ISO
 * timestamp, a snake_case code, or (in French) an English sentence of the server in an alert,
 * a toast or a field's error. Findings are kept in sessionStorage, so a reload keeps them.
 */
function installScanner() {
  const KEY = '__maillonScan';
  const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
  const CODE = /(?<![\w.@/-])[a-z]+_[a-z_]+\b(?![\w@/-]|\.\w)/;
  const ENGLISH = /\b(the|this|that|does|is|are|not|cannot|must|your|you|already|with|before|after|only|any|of)\b/gi;
  const MESSAGE = '[role="alert"], .mantine-Notification-root, .mantine-InputWrapper-error, [role="status"]';
  const found = (): { url: string; kind: string; text: string }[] => JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
  const add = (kind: string, text: string) => {
    const all = found();
    const url = location.pathname;
    if (!all.some((f) => f.kind === kind && f.text === text && f.url === url)) {
      all.push({ url, kind, text: text.slice(0, 160) });
      sessionStorage.setItem(KEY, JSON.stringify(all));
    }
  };
  const scan = () => {
    const body = document.body;
    if (!body) return;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent ?? '';
      if (!el || !text.trim()) continue;
      if (el.closest('script, style, code, pre, textarea, [contenteditable="true"], [data-scan-ignore], [hidden], [aria-hidden="true"]'))
        continue;
      const iso = ISO.exec(text);
      if (iso) add('iso_timestamp', text.trim());
      const code = CODE.exec(text);
      if (code) add('code', `${code[0]} in « ${text.trim()} »`);
    }
    if (document.documentElement.lang.startsWith('fr')) {
      for (const el of document.querySelectorAll(MESSAGE)) {
        const text = (el as HTMLElement).innerText ?? '';
        if ((text.match(ENGLISH) ?? []).length >= 3) add('english', text.trim());
      }
    }
  };
  let timer: number | undefined;
  const schedule = () => {
    if (timer !== undefined) return;
    timer = window.setTimeout(() => {
      timer = undefined;
      scan();
    }, 50);
  };
  const start = () => {
    new MutationObserver(schedule).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
    schedule();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

/** No ISO timestamp, no code, no English server message on any page this tab showed (issue 19 item 15, acceptance). */
export async function expectReadable(page: Page): Promise<void> {
  if (page.isClosed()) return;
  const findings = await page
    .evaluate(() => JSON.parse(sessionStorage.getItem('__maillonScan') ?? '[]') as ScanFinding[])
    .catch(() => [] as ScanFinding[]);
  if (findings.length) {
    throw new Error(`a person reads what they should not:\n${findings.map((f) => `${f.url} — ${f.kind}: ${f.text}`).join('\n')}`);
  }
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Waits until a mail to `to` arrives at the local SMTP receiver (condition, not time). */
export async function waitForMail(to: string, timeoutMs = 15_000): Promise<Mail> {
  const start = Date.now();
  for (;;) {
    const mails = JSON.parse(readFileSync(inject('mailFile'), 'utf8')) as Mail[];
    const m = mails.filter((x) => x.to === to).at(-1);
    if (m) return m;
    if (Date.now() - start > timeoutMs) throw new Error(`no mail to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Zero serious or critical accessibility violations on the current page (axe-core), and nothing unreadable shown so far. */
export async function expectAccessible(page: Page): Promise<void> {
  await expectReadable(page);
  // A toast fading in or out has, for a moment, too little contrast: check once every toast on
  // screen is fully opaque (or gone), without closing any, so tests can still read them after.
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('.mantine-Notification-root')].every((el) => {
          for (let n: Element | null = el; n; n = n.parentElement) if (getComputedStyle(n).opacity !== '1') return false;
          return true;
        }),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    throw new Error(
      `accessibility violations:\n${serious
        .map(
          (v) =>
            `${v.id}: ${v.help} (${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')})`,
        )
        .join('\n')}`,
    );
  }
}
