import { describe, expect, it } from 'vitest';
import { PrincipalCache } from './principal-cache.ts';

function cacheAt(ttlMs: number, maxEntries = 10) {
  const time = { now: 0 };
  const cache = new PrincipalCache<string>(ttlMs, maxEntries, () => time.now);
  let loads = 0;
  const load = (value: string | undefined) => async () => {
    loads += 1;
    return value;
  };
  return { time, cache, load, loads: () => loads };
}

describe('PrincipalCache', () => {
  it('answers from memory until the entry is ttl old, then loads again', async () => {
    const { time, cache, load, loads } = cacheAt(2000);
    expect(await cache.get('k', load('a'))).toBe('a');
    time.now = 1999;
    expect(await cache.get('k', load('b'))).toBe('a');
    expect(loads()).toBe(1);
    time.now = 2000;
    expect(await cache.get('k', load('b'))).toBe('b');
    expect(loads()).toBe(2);
  });

  it('never caches an unknown key, so random tokens cannot fill memory', async () => {
    const { cache, load, loads } = cacheAt(2000);
    expect(await cache.get('nobody', load(undefined))).toBeUndefined();
    expect(await cache.get('nobody', load(undefined))).toBeUndefined();
    expect(loads()).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('does not store a lookup that was under way when the cache was cleared', async () => {
    const { cache } = cacheAt(2000);
    let finish!: (v: string) => void;
    const pending = cache.get('k', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.clear(); // a change committed while the old value was being read
    finish('stale');
    expect(await pending).toBe('stale');
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh');
  });

  it('drops the oldest entry beyond its size bound', async () => {
    const { cache, load, loads } = cacheAt(2000, 2);
    await cache.get('a', load('1'));
    await cache.get('b', load('2'));
    await cache.get('c', load('3'));
    expect(cache.size).toBe(2);
    await cache.get('b', load('x'));
    expect(loads()).toBe(3);
    expect(await cache.get('a', load('again'))).toBe('again');
  });

  it('with a ttl of 0 always loads', async () => {
    const { cache, load, loads } = cacheAt(0);
    await cache.get('k', load('a'));
    await cache.get('k', load('a'));
    expect(loads()).toBe(2);
    expect(cache.size).toBe(0);
  });
});
