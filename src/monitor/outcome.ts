/** One run's result, whichever the probe. */
export interface Outcome {
  ok: boolean;
  /** A success worse than wanted: slower than the check's slow mark, a certificate inside its warning days. */
  degraded?: boolean;
  latencyMs: number | null;
  /** What happened in words, for the history and the incident (no body, no secret). */
  message: string;
}
