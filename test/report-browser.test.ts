// Opens the generated report in real headless Chromium and checks that every plot renders.
// Needs Debian's chromium (/usr/bin/chromium, or COLOC_CHROMIUM). Skipped only with COLOC_SKIP_BROWSER=1.
import { existsSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { renderReport } from '../src/report/index.js';
import { fixtureRun, fullFixture } from './report-fixtures.js';

const executablePath = process.env.COLOC_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.COLOC_SKIP_BROWSER === '1';

describe.skipIf(skip)('the report in headless Chromium', () => {
  let browser: BrowserContext;
  let shots: string;

  beforeAll(async () => {
    if (!existsSync(executablePath)) {
      throw new Error(
        `Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set COLOC_SKIP_BROWSER=1 to skip this test`,
      );
    }
    const { chromium } = await import('playwright-core');
    const profile = await mkdtemp(join(tmpdir(), 'coloc-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    shots = process.env.COLOC_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'coloc-report-shots-')));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Open a rendered report, failing on console errors, page errors and any request leaving the page. */
  async function open(html: string, dir: string, width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    const problems: string[] = [];
    const url = pathToFileURL(join(dir, 'index.html')).href;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url) problems.push(`request: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    expect(html.length).toBeGreaterThan(0);
    return { page, problems };
  }

  async function plotBoxes(page: Page) {
    return page.$$eval('figure.plot', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const r = svg?.getBoundingClientRect();
        const fr = f.getBoundingClientRect();
        const style = svg ? getComputedStyle(svg) : undefined;
        return {
          plot: `${f.getAttribute('data-plot')} ${f.getAttribute('data-gpu')} ${f.getAttribute('data-mode') ?? ''}`.trim(),
          hasSvg: Boolean(svg),
          visible: Boolean(style && style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0),
          width: r?.width ?? 0,
          height: r?.height ?? 0,
          insideFigure: r ? r.left >= fr.left - 0.5 && r.right <= fr.right + 0.5 : false,
          marks: svg?.querySelectorAll('[role="graphics-symbol"]').length ?? 0,
        };
      }),
    );
  }

  it('renders every plot of a full report at laptop width, with no errors or outside requests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coloc-report-'));
    const { html } = await renderReport(fullFixture(), dir, { title: 'coloc validation: browser check' });
    const expected = html.match(/<figure class="plot"/g)?.length ?? 0;
    expect(expected).toBe(2 + 3 + 1 + 2 + 2); // scatter + cdf per GPU, heatmap per mode, one p99 plot
    const { page, problems } = await open(html, dir, 1280);
    const boxes = await plotBoxes(page);
    expect(boxes).toHaveLength(expected);
    for (const b of boxes) {
      expect(b, b.plot).toMatchObject({ hasSvg: true, visible: true, insideFigure: true });
      expect(b.width, b.plot).toBeGreaterThan(150);
      expect(b.height, b.plot).toBeGreaterThan(150);
      expect(b.marks, b.plot).toBeGreaterThan(0);
    }
    for (const sel of ['.card', '.banner.stale', '.banner.notes', 'table.accuracy']) {
      expect(await page.locator(sel).first().isVisible(), sel).toBe(true);
    }
    // no sideways scrolling of the page at laptop width
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const shot = join(shots, 'report-1280.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(50_000);
    // printing: plots shrink to the page instead of being cut off
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 760, height: 1000 });
    for (const b of await plotBoxes(page)) expect(b, `print: ${b.plot}`).toMatchObject({ visible: true, insideFigure: true });
    expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('renders a one-record report on a narrow screen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coloc-report-'));
    const runs = [fixtureRun({ gpu: 'a100', modes: ['timeslice'], splits: ['lopo'], pairs: 1 })];
    const { html } = await renderReport(runs, dir);
    const { page, problems } = await open(html, dir, 390);
    const boxes = await plotBoxes(page);
    expect(boxes.map((b) => b.plot)).toEqual(['scatter a100', 'cdf a100', 'heatmap a100 timeslice']);
    for (const b of boxes) {
      expect(b, b.plot).toMatchObject({ hasSvg: true, visible: true, insideFigure: true });
      expect(b.width * b.height, b.plot).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(shots, 'report-390.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);
});
