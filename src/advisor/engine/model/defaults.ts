/**
 * The registry of defaults: the figures in defaults-data.ts plus every numeric parameter of the
 * function catalog, resolved against a profile's overrides. The rest of the engine reads figures
 * only through `Defaults`, so nothing can bypass an override.
 */
import { DEFAULT_ENTRIES, type DefaultEntry } from './defaults-data.ts';
import { distMean, type Dist } from '../distributions.ts';
import { FUNCTION_CATALOG, FUNCTION_PARAMS_SOURCE, type FunctionParams } from './function-catalog.ts';

function paramEntries(prefix: string, params: Partial<FunctionParams>, name: string): DefaultEntry[] {
  return Object.entries(params).map(([key, value]) => ({
    id: `${prefix}.${key}`,
    label: `${name}: ${key}`,
    unit:
      key.startsWith('tools') || key.startsWith('hardware')
        ? 'USD/year'
        : key.endsWith('Share')
          ? 'share'
          : 'FTE or hours',
    value: { kind: 'const', value: value ?? 0 },
    bounds: key.endsWith('Share') ? ([0, 1] as const) : ([0, 1e7] as const),
    ...FUNCTION_PARAMS_SOURCE,
  }));
}

function catalogEntries(): DefaultEntry[] {
  return FUNCTION_CATALOG.flatMap((f) => [
    ...paramEntries(`function.${f.id}`, f.params, f.name),
    ...Object.entries(f.need?.levels ?? {}).flatMap(([level, spec]) =>
      paramEntries(`function.${f.id}.${level}`, spec.params, `${f.name} (${level})`),
    ),
  ]);
}

/** Every default the engine knows, in a stable order. */
export const ALL_DEFAULTS: readonly DefaultEntry[] = [...DEFAULT_ENTRIES, ...catalogEntries()];
const BY_ID = new Map(ALL_DEFAULTS.map((e) => [e.id, e]));

export function defaultEntry(id: string): DefaultEntry {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown default ${id}`);
  return found;
}

/** An override as written in a profile: a fixed number, a PERT triple or a 90% interval. */
export type OverrideValue = number | { min: number; mode: number; max: number } | { low: number; high: number };

export function overrideToDist(entry: DefaultEntry, value: OverrideValue): Dist {
  if (typeof value === 'number') return { kind: 'const', value };
  if ('mode' in value) return { kind: 'pert', min: value.min, mode: value.mode, max: value.max };
  const cap = entry.value.kind === 'lognormal90' ? entry.value.cap : undefined;
  return { kind: 'lognormal90', low: value.low, high: value.high, ...(cap === undefined ? {} : { cap }) };
}

export class Defaults {
  private readonly dists = new Map<string, Dist>();
  private readonly params = new Map<string, Map<string, Map<string, number>>>();
  readonly overridden: ReadonlySet<string>;

  constructor(overrides: Readonly<Record<string, OverrideValue>> = {}) {
    for (const e of ALL_DEFAULTS) this.dists.set(e.id, e.value);
    for (const [id, value] of Object.entries(overrides)) this.dists.set(id, overrideToDist(defaultEntry(id), value));
    this.overridden = new Set(Object.keys(overrides));
  }

  dist(id: string): Dist {
    const d = this.dists.get(id);
    if (!d) throw new Error(`unknown default ${id}`);
    return d;
  }

  /** The expected value; for fixed figures simply the figure. */
  mean(id: string): number {
    return distMean(this.dist(id));
  }

  /**
   * A function's catalog parameter, preferring its level's value (e.g. analytics "warehouse"),
   * 0 when the function does not define it. Remembered by function, level and key: building the
   * ids was a quarter of building a model, and the break-even search builds 28 of them.
   */
  functionParam(fn: string, level: string | null, key: keyof FunctionParams): number {
    let byLevel = this.params.get(fn);
    if (!byLevel) this.params.set(fn, (byLevel = new Map()));
    let byKey = byLevel.get(level ?? '');
    if (!byKey) byLevel.set(level ?? '', (byKey = new Map()));
    let value = byKey.get(key);
    if (value === undefined) {
      const own = level ? `function.${fn}.${level}.${key}` : '';
      const base = `function.${fn}.${key}`;
      value = this.dists.has(own) ? this.mean(own) : this.dists.has(base) ? this.mean(base) : 0;
      byKey.set(key, value);
    }
    return value;
  }

  has(id: string): boolean {
    return this.dists.has(id);
  }
}
