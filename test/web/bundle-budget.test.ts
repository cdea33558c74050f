/**
 * The JavaScript each page downloads on its first load, summed from the build's manifest and the
 * Brotli copies the server sends (issue 22): sign-in <= 150 KiB, any other page <= 350 KiB. The
 * pages load their code when first visited, so the sign-in page carries none of the charts, the
 * grid or the profile editor. Lighthouse measures the same in Chromium (bench/lighthouse.bench.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/web-build.mjs';
import { defaultWebDir } from '../../src/server/app.ts';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const kib = 1024;

/** The files a browser fetches to run these entries: each one's static imports, followed through. */
function filesLoaded(manifest: Manifest, entries: string[]): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`no chunk ${key} in the build manifest`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const entry of entries) visit(entry);
  return files;
}

/** What travels: the Brotli copy when the build wrote one, the file otherwise. */
function transferSize(file: string): number {
  const full = path.join(defaultWebDir, file);
  return statSync(existsSync(`${full}.br`) ? `${full}.br` : full).size;
}

const frame = ['index.html', 'src/layout/AppLayout.tsx', 'src/practice/PracticeRoute.tsx'];
const pages: Record<string, string[]> = {
  advisor: [...frame, 'src/advisor/AdvisorPage.tsx'],
  'assessment result': [...frame, 'src/advisor/AssessmentPage.tsx'],
  'compare assessments': [...frame, 'src/advisor/ComparePage.tsx'],
  matrix: [...frame, 'src/matrix/MatrixPage.tsx'],
  people: [...frame, 'src/practice/PeoplePage.tsx'],
  audit: [...frame, 'src/audit/AuditPage.tsx'],
  'desk report': [...frame, 'src/desk/DeskReportPage.tsx'],
  about: ['index.html', 'src/layout/AppLayout.tsx', 'src/system/StatusPage.tsx'],
};

describe('JavaScript downloaded on a first load (compressed)', () => {
  let manifest: Manifest;
  const kibOf = (entries: string[]) =>
    [...filesLoaded(manifest, entries)].filter((f) => f.endsWith('.js')).reduce((n, f) => n + transferSize(f), 0) / kib;

  beforeAll(() => {
    ensureWebBuild();
    manifest = JSON.parse(readFileSync(path.join(defaultWebDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  }, 120_000);

  it('keeps the sign-in page within 150 KiB', () => {
    expect(kibOf(['index.html'])).toBeLessThanOrEqual(150);
  });

  it('loads the sign-in page in 3 script files (each carries ~0.9 KiB of headers; web/chunking.ts)', () => {
    const scripts = [...filesLoaded(manifest, ['index.html'])].filter((f) => f.endsWith('.js'));
    expect(scripts).toHaveLength(3);
  });

  it.each(Object.entries(pages))('keeps the %s page within 350 KiB', (_name, entries) => {
    expect(kibOf(entries)).toBeLessThanOrEqual(350);
  });

  it('loads the desk report page without its charts: recharts comes only when a chart is drawn', () => {
    const page = filesLoaded(manifest, pages['desk report']!);
    const chartsOnly = [...filesLoaded(manifest, ['src/desk/DeskReportCharts.tsx'])].filter((f) => !page.has(f));
    const chartsKib = chartsOnly.filter((f) => f.endsWith('.js')).reduce((n, f) => n + transferSize(f), 0) / kib;
    // recharts and its d3 parts are about 100 KiB compressed; all of it stays out of the page's first load.
    expect(chartsKib).toBeGreaterThan(50);
  });

  it('leaves every other page, and the libraries only they use, out of the sign-in download', () => {
    const signIn = filesLoaded(manifest, ['index.html']);
    for (const entries of Object.values(pages)) {
      expect(signIn.has(manifest[entries.at(-1)!]!.file), entries.at(-1)).toBe(false);
    }
  });
});
