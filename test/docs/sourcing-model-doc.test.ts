/** docs/sourcing-model.md must list every default with its source and every function, so a new figure cannot ship undocumented. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENTRIES } from '../../src/advisor/engine/model/defaults-data.ts';
import { FUNCTION_CATALOG } from '../../src/advisor/engine/model/function-catalog.ts';

const doc = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'sourcing-model.md'), 'utf8');
// A table row with its cells trimmed, so column padding (prettier aligns Markdown tables) does not matter.
const rows = new Map(
  doc
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => [/^\| `([^`]+)`/.exec(l)![1]!, l.replace(/ *\| */g, ' | ').trim()]),
);

describe('docs/sourcing-model.md', () => {
  it.each(DEFAULT_ENTRIES.map((e) => [e.id, e] as const))('documents %s with its source, year and grade', (id, e) => {
    const row = rows.get(id);
    expect(row, `no table row for ${id}`).toBeDefined();
    expect(row).toContain(e.source.replaceAll('|', '\\|'));
    expect(row).toContain(`| ${e.year} | ${e.grade} |`);
  });

  it('documents every function of the catalog', () => {
    for (const f of FUNCTION_CATALOG) expect(rows.has(f.id), f.id).toBe(true);
  });

  it('has the equations and the limits', () => {
    for (const heading of [
      '## Staffing',
      '## Cost per function and option',
      '## Risk',
      '## The decision',
      '## Monte Carlo',
      '## Limits of the model',
    ])
      expect(doc).toContain(heading);
  });
});
