import path from 'node:path';
import { expect, type Page } from '@playwright/test';

type AxeResult = {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: string[]; failureSummary?: string }[];
  }[];
};

const AXE = path.resolve('node_modules/axe-core/axe.min.js');

/**
 * axe-core over the page as it is now: no serious or critical violation (WCAG 2.x A/AA rules and
 * best practices, colour contrast included). The script is injected by Playwright, so the spec that
 * uses this needs `bypassCSP` (the app's CSP allows no inline script, rightly).
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<unknown> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })) as unknown;
  });
  const bad = (result as AxeResult).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`)
          .join(' | ')}`,
    );
  expect(bad, `accessibility of ${screen}`).toEqual([]);
}

/** No emoji used as an icon (they render as empty boxes on Linux without an emoji font). */
export async function expectNoEmoji(page: Page, screen: string): Promise<void> {
  const found = await page.evaluate(() => {
    const re = /[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{1F000}-\u{1F2FF}]/u;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const hits: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (re.test(n.textContent ?? '')) hits.push((n.textContent ?? '').trim().slice(0, 60));
    return hits;
  });
  expect(found, `emoji on ${screen}`).toEqual([]);
}
