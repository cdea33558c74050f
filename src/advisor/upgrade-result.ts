/**
 * Results stored by an earlier engine, brought to the shape the API serves now. A stored
 * assessment is a record of what was said at the time, so its figures are never recomputed; only
 * what the newer shape adds is filled in, with values that change no figure:
 * - engine 1 (before today's arrangement was priced as it is): the cost components added since
 *   (retained staff, severance, governance) are 0, no existing staff time was freed, the margin
 *   in cost alone was not computed (null), and the plan's label is worded from the functions'
 *   recommendations as the engine words it now.
 */
import { COST_COMPONENTS } from './engine/model/cost-model.ts';
import { planLabel } from './engine/assess.ts';
import type { Assessment } from './engine/assessment-schema.ts';
import type { SourcingOption } from './engine/model/function-catalog.ts';

type Json = Record<string, unknown>;

function withAllComponents(components: unknown): Json {
  const given = (components ?? {}) as Json;
  return Object.fromEntries(COST_COMPONENTS.map((c) => [c, typeof given[c] === 'number' ? given[c] : 0]));
}

/** Every `components` record under `value`, completed. */
function completeComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(completeComponents);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === 'components' ? withAllComponents(v) : completeComponents(v)]),
  );
}

function upgradeFromVersion1(result: Json): Json {
  const upgraded = completeComponents(result) as Json;
  const functions = (upgraded.functions ?? []) as Json[];
  for (const f of functions) {
    f.marginCost ??= null;
    for (const option of (f.options ?? []) as Json[]) {
      const staffing = option.staffing as Json | undefined;
      if (staffing) staffing.freedFte ??= 0;
    }
  }
  const overall = upgraded.overall as Json;
  overall.label ??= planLabel(
    functions.map((f) => ({ name: String(f.name), option: f.recommended as SourcingOption })),
  );
  return upgraded;
}

export function upgradeStoredResult(result: unknown): Assessment {
  const stored = result as Json;
  return (stored.engineVersion === 1 ? upgradeFromVersion1(stored) : stored) as unknown as Assessment;
}
