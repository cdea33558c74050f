/**
 * The build's code splitting (issue 22). Left to itself, the bundler cuts what the pages share
 * into many small files (React DOM, React Query, each Mantine component, zod, the API client, the
 * session, ...): the sign-in page took 14-17 script requests and a signed-in page 35-45, each with
 * about 0.9 KiB of response headers and, on a slow network, its own round trip. Two chunks hold
 * what the first screens need instead, by a structural rule that does not go stale as pages are
 * added:
 *
 * - `app`: every module web/src/main.tsx imports statically, however deep (the sign-in page, the
 *   router, React, React Query, zod, Mantine's core): the sign-in page loads 3 script files (the
 *   entry, `app` and the bundler's runtime);
 * - `frame`: what the signed-in frame (AppLayout, PracticeRoute) adds to that, loaded with the
 *   first signed-in page.
 *
 * The pages keep their own chunks (charts, the grid, YAML) and import from these. Mantine's index
 * re-exports every component, so following it would put all of them in `app`: through it only the
 * components the group's own modules import by name are followed.
 */
import { fileURLToPath } from 'node:url';
import type { CodeSplittingGroup } from 'rolldown';

const source = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));
const entry = source('main.tsx');

/** Each chunk and the modules whose static imports it holds; a later one leaves out the earlier. */
const firstScreens = [
  { name: 'app', roots: [entry] },
  { name: 'frame', roots: [source('layout/AppLayout.tsx'), source('practice/PracticeRoute.tsx')] },
];

interface ModuleFacts {
  importedIds: readonly string[];
  code: string | null;
}
type ModuleInfoOf = (id: string) => ModuleFacts | null;

const mantineIndex = /node_modules[\\/]@mantine[\\/]core[\\/]esm[\\/]index\.mjs$/;
const importsFromMantine = /import\s*\{([^}]*)\}\s*from\s*["']@mantine\/core["']/g;
const reExport = /export\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;

/** `A, type B, C as D` -> the names as exported: A, B, C. */
function namesIn(list: string): string[] {
  return list
    .split(',')
    .map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!,
    )
    .filter((n) => n !== '');
}

/** The module of Mantine's index that each exported name comes from. */
function mantineModules(index: ModuleFacts): Map<string, string> {
  const byName = new Map<string, string>();
  for (const [, names, from] of (index.code ?? '').matchAll(reExport)) {
    const tail = from!.replace(/^\.\//, '').split('/');
    const id = index.importedIds.find((i) => i.split(/[\\/]/).slice(-tail.length).join('/') === tail.join('/'));
    if (id) for (const name of namesIn(names!)) byName.set(name, id);
  }
  return byName;
}

/**
 * The modules reachable from roots through static imports, outside `taken`; through Mantine's
 * index, only to the components the modules reached import from it (repeated until none is new).
 */
function reachable(roots: string[], taken: ReadonlySet<string>, moduleInfo: ModuleInfoOf): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  let mantine: Map<string, string> | undefined;
  while (pending.length > 0) {
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      const info = moduleInfo(id);
      if (mantineIndex.test(id)) mantine ??= info ? mantineModules(info) : new Map();
      if (seen.has(id) || taken.has(id)) continue;
      seen.add(id);
      if (!mantineIndex.test(id)) pending.push(...(info?.importedIds ?? []));
    }
    const named = [...seen].flatMap((id) => [...(moduleInfo(id)?.code ?? '').matchAll(importsFromMantine)]);
    for (const [, names] of named) for (const name of namesIn(names!)) pending.push(mantine?.get(name) ?? '');
    pending.splice(0, pending.length, ...pending.filter((id) => id !== '' && !seen.has(id) && !taken.has(id)));
  }
  return seen;
}

/** One group per build: the chunks' modules are computed at the bundler's first question. */
function firstScreenGroup(): CodeSplittingGroup {
  let chunkOf: Map<string, string> | undefined;
  const assign = (moduleInfo: ModuleInfoOf) => {
    const map = new Map<string, string>();
    for (const { name, roots } of firstScreens) {
      for (const id of reachable(roots, new Set(map.keys()), moduleInfo)) map.set(id, name);
    }
    return map;
  };
  return {
    name: (id, ctx) => {
      chunkOf ??= assign((m) => ctx.getModuleInfo(m));
      // The entry itself stays in its own chunk: it awaits the router's lazy page (top-level
      // await), and that page imports from `app`; were the entry inside `app`, the page would
      // wait for `app` to finish evaluating, which waits for the page: a signed-in page never drew.
      return id === entry ? null : (chunkOf.get(id) ?? null);
    },
  };
}

export function codeSplitting() {
  return { groups: [firstScreenGroup()] };
}
