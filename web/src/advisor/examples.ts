/**
 * The example profiles shipped in examples/*.yaml, bundled as text so "Load example" works
 * offline and shows exactly the file (comments included).
 */
import { parse } from 'yaml';

const files = import.meta.glob<string>('../../../examples/*.yaml', { query: '?raw', import: 'default', eager: true });

export interface ExampleProfile {
  file: string;
  /** The profile's own name ("Riverside Family Dental"). */
  name: string;
  /** The file's first comment line, which says what kind of practice it is. */
  summary: string;
  providers: number;
  text: string;
}

function describe(path: string, text: string): ExampleProfile {
  const file = path.split('/').pop() ?? path;
  let doc: { name?: unknown; practice?: { providers?: unknown } } = {};
  try {
    doc = (parse(text) as typeof doc | null) ?? {};
  } catch {
    // A broken example still loads; the editor shows what is wrong with it.
  }
  return {
    file,
    name: typeof doc.name === 'string' ? doc.name : file,
    summary: /^#\s*(.+)$/m.exec(text)?.[1]?.trim() ?? '',
    providers: typeof doc.practice?.providers === 'number' ? doc.practice.providers : 0,
    text,
  };
}

let described: ExampleProfile[] | undefined;

/**
 * Smallest practice first. Parsed on first use, not when the advisor's code loads: parsing every
 * example is a long task the page's first paint need not wait for (issue 22).
 */
export function exampleProfiles(): ExampleProfile[] {
  described ??= Object.entries(files)
    .map(([path, text]) => describe(path, text))
    .sort((a, b) => a.providers - b.providers || a.file.localeCompare(b.file));
  return described;
}
