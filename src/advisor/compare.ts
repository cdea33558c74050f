/** Two stored assessments side by side: which decisions changed, the plan totals, and what changed in the profile. */
import type { Comparison, StoredAssessment } from './schema.ts';
import type { AssessmentSummary } from './schema.ts';

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
    return;
  }
  out.set(prefix, value);
}

/** Dotted paths whose values differ (a field missing on one side shows as null there). */
export function profileChanges(a: unknown, b: unknown): Comparison['profileChanges'] {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(fa.get(p)) !== JSON.stringify(fb.get(p)))
    .map((p) => ({ path: p, a: fa.get(p) ?? null, b: fb.get(p) ?? null }));
}

function summary(s: StoredAssessment): AssessmentSummary {
  const { profile: _profile, result: _result, ...rest } = s;
  return rest;
}

export function compareAssessments(a: StoredAssessment, b: StoredAssessment): Comparison {
  const ids = [...new Set([...a.result.functions.map((f) => f.id), ...b.result.functions.map((f) => f.id)])];
  const functions = ids.map((id) => {
    const fa = a.result.functions.find((f) => f.id === id);
    const fb = b.result.functions.find((f) => f.id === id);
    const rec = (f: typeof fa) => (f ? f.options.find((o) => o.option === f.recommended)!.riskAdjusted : null);
    return {
      id,
      name: (fa ?? fb)!.name,
      a: fa?.recommended ?? null,
      b: fb?.recommended ?? null,
      changed: fa?.recommended !== fb?.recommended,
      aRiskAdjusted: rec(fa),
      bRiskAdjusted: rec(fb),
    };
  });
  const plans = a.result.plans.map((p) => ({
    id: p.id,
    label: p.label,
    a: p.riskAdjusted,
    b: b.result.plans.find((q) => q.id === p.id)?.riskAdjusted ?? null,
  }));
  return { a: summary(a), b: summary(b), functions, plans, profileChanges: profileChanges(a.profile, b.profile) };
}
