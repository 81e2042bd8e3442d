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

export async function newPage(
  browser: Browser,
  opts: { width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: opts.locale ?? 'fr-FR',
  });
  const page = await context.newPage();
  return { context, page };
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

/** Zero serious or critical accessibility violations on the current page (axe-core). */
export async function expectAccessible(page: Page): Promise<void> {
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
