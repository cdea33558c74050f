/**
 * How much of a period a system had a good copy inside its RPO, pure. Each good copy covers
 * [its end, its end + the job's RPO); the system is covered wherever any of its jobs' copies
 * covers. The share is the covered length over the period's; the gaps are what is left.
 */
export interface Span {
  from: number;
  to: number;
}

/** The spans (ms) merged and clipped to [from, to), in order. */
function merged(spans: readonly Span[], from: number, to: number): Span[] {
  const clipped = spans
    .map((s) => ({ from: Math.max(s.from, from), to: Math.min(s.to, to) }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of clipped) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

export function coverage(spans: readonly Span[], from: number, to: number): { share: number; gaps: Span[] } {
  const covered = merged(spans, from, to);
  const gaps: Span[] = [];
  let at = from;
  for (const s of covered) {
    if (s.from > at) gaps.push({ from: at, to: s.from });
    at = s.to;
  }
  if (at < to) gaps.push({ from: at, to });
  const length = covered.reduce((sum, s) => sum + (s.to - s.from), 0);
  return { share: length / (to - from), gaps };
}
