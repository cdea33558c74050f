import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.ts';
import { canonicalEntry, storableJson, storableText, type HashedEntry } from './hash.ts';

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined members and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: 'x', c: 2 }], u: undefined, Z: 'é"\n' })).toBe(
      '{"Z":"é\\"\\n","a":[true,null,{"c":2,"d":"x"}],"b":1}',
    );
    expect(canonicalJson([undefined, 1.5, -0])).toBe('[null,1.5,0]');
  });

  it('writes entries exactly as the generic form does', () => {
    // Everything JSON escapes, or passes through, next to ordinary text.
    const tricky = fc.string({
      unit: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\ud800', '\udc00', '😀', 'é', 'a'),
    });
    const text = fc.option(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), tricky), {
      nil: null,
    });
    const entry: fc.Arbitrary<HashedEntry> = fc.record({
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      id: fc.uuid(),
      at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      actor_type: fc.constantFrom('user', 'api_token', 'system', 'anonymous'),
      actor_id: fc.option(fc.uuid(), { nil: null }),
      actor_label: text,
      practice_id: fc.option(fc.uuid(), { nil: null }),
      action: fc.oneof(fc.string(), tricky),
      target_type: text,
      target_id: text,
      ip: text,
      user_agent: text,
      request_id: text,
      details: fc.jsonValue().map(storableJson),
      prev_hash: fc.stringMatching(/^[0-9a-f]{64}$/),
    });
    fc.assert(fc.property(entry, (e) => canonicalEntry(e) === canonicalJson(e)));
  });
});

describe('storable text', () => {
  it('replaces NUL and unpaired surrogates, keeps pairs', () => {
    expect(storableText('a\u0000b\ud800c\udc00d😀')).toBe('a\uFFFDb\uFFFDc\uFFFDd😀');
    expect(storableJson({ ['k\u0000']: ['v\ud800', new Date(0), undefined], gone: undefined })).toEqual({
      'k\uFFFD': ['v\uFFFD', '1970-01-01T00:00:00.000Z', null],
    });
    expect(storableJson(undefined)).toBeNull();
  });
});
