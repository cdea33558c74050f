/**
 * The estimates that moved the decision (issue 14.7): defaults the model's authors estimated
 * (grade E in docs/sourcing-model.md, each with its derivation there), left as they are by the
 * profile, whose swing across their own range flips a function's recommendation. The report lists
 * them as assumptions to confirm, so a reader knows which judgements the advice rests on.
 */
import type { FunctionAssessment } from '../assessment-schema.ts';
import { ALL_DEFAULTS } from '../model/defaults.ts';
import type { Model } from '../model/model.ts';

const ESTIMATES = new Map(ALL_DEFAULTS.filter((e) => e.grade === 'E').map((e) => [e.id, e.label]));

export function assumptionsToConfirm(
  model: Model,
  functions: readonly Pick<FunctionAssessment, 'name' | 'sensitivity'>[],
): { id: string; label: string; functions: string[] }[] {
  const found = new Map<string, { id: string; label: string; functions: string[] }>();
  for (const f of functions)
    for (const row of f.sensitivity) {
      const label = ESTIMATES.get(row.input);
      if (!label || model.defaults.overridden.has(row.input) || !(row.flipsLow || row.flipsHigh)) continue;
      const entry = found.get(row.input) ?? { id: row.input, label, functions: [] };
      entry.functions.push(f.name);
      found.set(row.input, entry);
    }
  return [...found.values()];
}

export function assumptionsSentence(list: ReturnType<typeof assumptionsToConfirm>): string | null {
  if (list.length === 0) return null;
  const items = list.map((a) => `${a.label} (\`${a.id}\`; ${a.functions.join(', ')})`);
  return `Assumptions to confirm: these estimates flip a recommendation within their own range; check them against your quotes and records, and set them under overrides: ${items.join('; ')}.`;
}
