/**
 * The build's code splitting (issue 22). Left to itself, the bundler cuts what the first page
 * shares with the lazy pages into many small files (React DOM, React Query, Mantine components,
 * zod, the API client, the session, ...); the sign-in page took 14-17 script requests, each with
 * about 0.9 KiB of response headers, which took it past its 150 KiB budget. A list of libraries
 * to keep together went stale with every page merged, so the rule is structural: every module
 * the entry (web/src/main.tsx) imports statically, however deep, goes into one `app` chunk, and
 * the sign-in page loads two script files. The lazy pages keep their own chunks (charts, the
 * grid, YAML) and import from it.
 *
 * One exception: Mantine's index re-exports every component, so following it would put all of
 * them in the first download. Through it only the components of the first screens are followed
 * (the sign-in form, the frames' loaders and alerts); a page that uses others loads them itself.
 */
import { fileURLToPath } from 'node:url';
import type { CodeSplittingGroup } from 'rolldown';

const entry = fileURLToPath(new URL('./src/main.tsx', import.meta.url));

const mantineIndex = /node_modules[\\/]@mantine[\\/]core[\\/]esm[\\/]index\.mjs$/;
/** What main.tsx, App.tsx, auth/ and the ui/ helpers they use import from @mantine/core. */
const firstScreenComponents = [
  'Alert',
  'Anchor',
  'Button',
  'Center',
  'Group',
  'List',
  'Loader',
  'Paper',
  'PasswordInput',
  'Stack',
  'Text',
  'TextInput',
  'Title',
];
const firstScreenComponent = new RegExp(`[\\\\/]components[\\\\/](${firstScreenComponents.join('|')})[\\\\/]`);

type ModuleInfoOf = (id: string) => { importedIds: readonly string[] } | null;

const mantineCore = /[\\/]@mantine[\\/]core[\\/]esm[\\/]core[\\/]/;

/** Through Mantine's index: its core (theme, provider, Box) and the first screens' components. */
function followed(from: string, to: string): boolean {
  return !mantineIndex.test(from) || mantineCore.test(to) || firstScreenComponent.test(to);
}

/** The ids of the modules reachable from the entry through static imports. */
function staticallyReachable(moduleInfo: ModuleInfoOf): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(moduleInfo(id)?.importedIds ?? []).filter((to) => followed(id, to)));
  }
  return seen;
}

/** One group per build: the reachable set is computed at the bundler's first question. */
function firstLoadGroup(): CodeSplittingGroup {
  let firstLoad: Set<string> | undefined;
  return {
    name: (id, ctx) => {
      firstLoad ??= staticallyReachable((m) => ctx.getModuleInfo(m));
      return firstLoad.has(id) ? 'app' : null;
    },
  };
}

export function codeSplitting() {
  return { groups: [firstLoadGroup()] };
}
