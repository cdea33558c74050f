/**
 * Page-load budgets of issue 22, measured with Lighthouse 12 (mobile profile: a mid-range phone
 * on slow 4G, simulated) in Debian's Chromium against a real `tandem serve` on PGlite:
 *
 * - sign-in, the advisor, an assessment's result and the responsibility matrix each score
 *   performance >= 90 and accessibility 100, with first contentful paint <= 1.8 s;
 * - JavaScript transferred (compressed) on the first load: sign-in <= 150 KiB, others <= 350 KiB;
 * - a repeat visit downloads no unchanged file (measured in the same Chromium with its cache kept:
 *   every script and style comes from the cache, index.html is revalidated).
 *
 *   npx tsx bench/lighthouse.bench.ts [--runs 3] [--pages sign-in,matrix]
 *
 * Each page is measured `runs` times; the median run (by performance score) is reported. `--pages`
 * measures only the pages named (by the names in the table), to follow one change on a slow machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { ensureWebBuild } from '../scripts/web-build.mjs';
import { findChromium } from '../test/support/chromium.ts';
import { spawnServer, stopServer } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';
import { describeLongTasks, longTasks, type TraceEvent } from './support/main-thread-tasks.ts';
import { seedAssessmentAndDraft, setupPractice, signIn, type Session } from './support/signed-in.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, pages: { type: 'string' } } });
const runs = Number(values.runs);
const only = values.pages?.split(',').map((p) => p.trim());
const found = findChromium();
if (!('path' in found)) throw new Error(found.missing);
const chromePath = found.path;

const kib = 1024;
const budgets = { performance: 90, accessibility: 100, fcpMs: 1800, signInJs: 150 * kib, otherJs: 350 * kib };

interface PageToMeasure {
  name: string;
  path: string;
  signedIn: boolean;
  jsBudget: number;
}

interface Measurement {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Main-thread work and script evaluation as Lighthouse observed them (x4 for the slow phone). */
  mainThreadMs: number;
  scriptMs: number;
  jsBytes: number;
  totalBytes: number;
  failedAudits: string[];
  /** What moved, when the page shifted: the elements Lighthouse blames, with their share of CLS. */
  shifts: string[];
  /** The main thread's long tasks in the trace, observed (Lighthouse counts them x4). */
  longTasks: string;
}

const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-first-run',
];

function numeric(result: Result, id: string): number {
  return result.audits[id]?.numericValue ?? Number.NaN;
}

/** Bytes sent over the wire for scripts (compressed size, headers included, as Lighthouse counts). */
function transferred(result: Result): { js: number; total: number } {
  const details = result.audits['network-requests']?.details as {
    items: { resourceType?: string; transferSize?: number }[];
  };
  let js = 0;
  let total = 0;
  for (const item of details.items) {
    total += item.transferSize ?? 0;
    if (item.resourceType === 'Script') js += item.transferSize ?? 0;
  }
  return { js, total };
}

function shiftCulprits(result: Result): string[] {
  const details = result.audits['layout-shifts']?.details as
    { items?: { node?: { selector?: string; nodeLabel?: string }; score?: number }[] } | undefined;
  return (details?.items ?? []).map(
    (i) => `${i.node?.selector ?? '?'} "${(i.node?.nodeLabel ?? '').slice(0, 40)}" ${(i.score ?? 0).toFixed(3)}`,
  );
}

async function measureOnce(url: string, cookie: string | undefined): Promise<Measurement> {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  try {
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      formFactor: 'mobile',
      ...(cookie ? { extraHeaders: { cookie } } : {}),
    };
    const run = await lighthouse(url, flags);
    if (!run) throw new Error(`Lighthouse returned nothing for ${url}`);
    const result = run.lhr;
    if (result.runtimeError) throw new Error(`${url}: ${result.runtimeError.message}`);
    const bytes = transferred(result);
    const failedAudits = Object.values(result.audits)
      .filter((a) => a.scoreDisplayMode === 'binary' && a.score === 0)
      .map((a) => a.id);
    return {
      performance: Math.round((result.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((result.categories.accessibility?.score ?? 0) * 100),
      fcpMs: numeric(result, 'first-contentful-paint'),
      lcpMs: numeric(result, 'largest-contentful-paint'),
      tbtMs: numeric(result, 'total-blocking-time'),
      cls: numeric(result, 'cumulative-layout-shift'),
      mainThreadMs: numeric(result, 'mainthread-work-breakdown'),
      scriptMs: numeric(result, 'bootup-time'),
      jsBytes: bytes.js,
      totalBytes: bytes.total,
      failedAudits,
      shifts: shiftCulprits(result),
      longTasks: describeLongTasks(longTasks(run.artifacts.Trace.traceEvents as TraceEvent[])),
    };
  } finally {
    chrome.kill();
  }
}

function median(measurements: Measurement[]): Measurement {
  const sorted = [...measurements].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Loads the page twice in one Chromium profile, as a person coming back later would (a new
 * navigation, not a reload), and lists the files the second visit took from the network in full,
 * as Chromium's own network events tell it: only index.html may come, and then as a 304. (The
 * server's request log cannot tell the visits apart: its kept tail loses any marker between them.)
 */
async function repeatVisitDownloads(url: string, session: Session | undefined): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: chromePath, headless: true, args: chromeFlags });
  try {
    const context = await browser.newContext();
    if (session) {
      const [name, value] = session.headers.cookie!.split('=') as [string, string];
      await context.addCookies([{ name, value, url }]);
    }
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.goto('about:blank');
    const network = await context.newCDPSession(page);
    await network.send('Network.enable');
    // A revalidated file reaches the page as its cached 200; the wire's own status (304) is in
    // the extra-info event. Either can come first, so both are gathered and matched at the end.
    const fromCache = new Set<string>();
    const wireStatus = new Map<string, number>();
    const responses: { requestId: string; url: string; fromDiskCache: boolean }[] = [];
    network.on('Network.requestServedFromCache', (e) => fromCache.add(e.requestId));
    network.on('Network.responseReceivedExtraInfo', (e) => wireStatus.set(e.requestId, e.statusCode ?? 0));
    network.on('Network.responseReceived', ({ requestId, response }) =>
      responses.push({ requestId, url: response.url, fromDiskCache: response.fromDiskCache ?? false }),
    );
    await page.goto(url, { waitUntil: 'networkidle' });
    const downloaded = responses.flatMap(({ requestId, url: address, fromDiskCache }) => {
      const file = new URL(address);
      const status = wireStatus.get(requestId);
      const cached = fromDiskCache || fromCache.has(requestId) || status === undefined || status === 304;
      const isFile = file.protocol.startsWith('http') && !file.pathname.startsWith('/api/');
      return isFile && !cached ? [`${file.pathname} (${status})`] : [];
    });
    return downloaded;
  } finally {
    await browser.close();
  }
}

ensureWebBuild({ announce: true });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-lighthouse-'));
setupPractice({ TANDEM_DATA_DIR: dataDir });
const server = await spawnServer({ TANDEM_DATA_DIR: dataDir });
try {
  const session = await signIn(server.url);
  const { assessmentId } = await seedAssessmentAndDraft(server.url, session, 20_000);
  const allPages: PageToMeasure[] = [
    { name: 'sign-in', path: '/sign-in', signedIn: false, jsBudget: budgets.signInJs },
    { name: 'advisor', path: '/advisor', signedIn: true, jsBudget: budgets.otherJs },
    { name: 'assessment result', path: `/advisor/${assessmentId}`, signedIn: true, jsBudget: budgets.otherJs },
    { name: 'matrix', path: '/responsibilities', signedIn: true, jsBudget: budgets.otherJs },
  ];
  const pages = only ? allPages.filter((p) => only.includes(p.name)) : allPages;
  if (pages.length === 0) throw new Error(`--pages names none of: ${allPages.map((p) => p.name).join(', ')}`);
  const rows: string[] = [];
  let failures = 0;
  for (const page of pages) {
    const url = `${server.url}${page.path}`;
    const cookie = page.signedIn ? session.headers.cookie : undefined;
    const all: Measurement[] = [];
    for (let i = 0; i < runs; i++) all.push(await measureOnce(url, cookie));
    const m = median(all);
    const repeat = await repeatVisitDownloads(url, page.signedIn ? session : undefined);
    const problems = [
      m.performance < budgets.performance && `performance ${m.performance} < ${budgets.performance}`,
      m.accessibility < budgets.accessibility &&
        `accessibility ${m.accessibility} < 100 (${m.failedAudits.join(', ')})`,
      m.fcpMs > budgets.fcpMs && `FCP ${Math.round(m.fcpMs)} ms > ${budgets.fcpMs}`,
      m.jsBytes > page.jsBudget && `JS ${(m.jsBytes / kib).toFixed(1)} KiB > ${page.jsBudget / kib}`,
      repeat.length > 0 && `repeat visit downloaded ${repeat.join(', ')}`,
    ].filter((p): p is string => typeof p === 'string');
    failures += problems.length;
    const scores = all.map((a) => a.performance).join('/');
    rows.push(
      `| ${page.name} | ${m.performance} (${scores}) | ${m.accessibility} | ${(m.fcpMs / 1000).toFixed(2)} s | ` +
        `${(m.lcpMs / 1000).toFixed(2)} s | ${Math.round(m.tbtMs)} ms | ${m.cls.toFixed(3)} | ` +
        `${Math.round(m.mainThreadMs)} ms | ${Math.round(m.scriptMs)} ms | ` +
        `${(m.jsBytes / kib).toFixed(1)} KiB | ${(m.totalBytes / kib).toFixed(1)} KiB | ${repeat.length} | ` +
        `${problems.length === 0 ? 'within budget' : problems.join('; ')} |`,
    );
    process.stdout.write(`${rows.at(-1)}\n  main thread on ${page.name} (median run): ${m.longTasks}\n`);
    if (m.cls > 0.1) process.stdout.write(`  layout shifts on ${page.name}: ${m.shifts.join('; ')}\n`);
  }
  process.stdout.write(
    [
      '',
      `Lighthouse 12.2.3, mobile profile (simulated slow 4G, 4x CPU slowdown), ${runs} runs per page, median shown`,
      `Machine: ${describeMachine()}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      '',
      '| Page | Performance (runs) | Accessibility | FCP | LCP | TBT | CLS | Main thread | Script evaluation | JS transferred | All transferred | Repeat-visit downloads | Budgets |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  process.exitCode = failures > 0 ? 1 : 0;
} finally {
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
