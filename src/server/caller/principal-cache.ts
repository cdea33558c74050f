/**
 * A per-process cache of what a session or API token resolves to, so a burst of requests from
 * one browser or integration costs one database lookup instead of one each. Only the lookup is
 * cached: whether the session is still live (idle and absolute timeouts, revocation as read) is
 * checked again on every request against the current time.
 *
 * Staleness is bounded two ways. Every successful change made through this process (any
 * POST/PUT/PATCH/DELETE, unless its route is declared keepsAccess in principal.ts) empties the
 * cache before its reply is sent, so sign-out, role changes and revocations made here take effect
 * at once. Changes made by another process (another server behind the load balancer, the CLI)
 * reach this one when its entries expire, after at most TANDEM_AUTH_CACHE_MS (default 2 s; 0
 * turns the cache off).
 */
export class PrincipalCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  /** Bumped by clear(): a lookup that started before a clear must not store what it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The cached value for key, or load()'s (cached when defined). Unknown keys are never cached. */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (this.ttlMs <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    if (hit) this.entries.delete(key);
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && generation === this.generation) this.store(key, value);
    return value;
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, value: V): void {
    // Maps iterate in insertion order, so the first key is the oldest: a cheap bound on memory.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }
}
