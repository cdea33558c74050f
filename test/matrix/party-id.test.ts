import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partyIdFrom } from '../../src/matrix/party-id.ts';
import { partySchema } from '../../src/matrix/schema.ts';

describe('partyIdFrom', () => {
  it('takes accents off letters instead of cutting the name at them', () => {
    const taken = new Set<string>();
    expect(partyIdFrom('José Núñez', taken, 'person')).toBe('jose-nunez');
    expect(partyIdFrom('Zoë Ångström-Ødegård', taken, 'person')).toBe('zoe-angstrom-degard');
    expect(partyIdFrom('  Dr. O’Brien (IT)  ', taken, 'person')).toBe('dr-o-brien-it');
  });

  it('numbers a repeated name and reserves every id it gives', () => {
    const taken = new Set(['msp-desk']);
    expect(partyIdFrom('Jose Nunez', taken, 'person')).toBe('jose-nunez');
    expect(partyIdFrom('José Núñez', taken, 'person')).toBe('jose-nunez-2');
    expect(partyIdFrom('MSP desk', taken, 'person')).toBe('msp-desk-2');
    expect([...taken]).toEqual(['msp-desk', 'jose-nunez', 'jose-nunez-2', 'msp-desk-2']);
  });

  it('falls back when nothing of the name is left (another script, punctuation only)', () => {
    const taken = new Set<string>();
    expect(partyIdFrom('李小龍', taken, 'person')).toBe('person');
    expect(partyIdFrom('---', taken, 'person')).toBe('person-2');
  });

  it('always gives an id the matrix schema accepts, unique among those taken', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 80 }), { maxLength: 20 }), (names) => {
        const taken = new Set<string>();
        const ids = names.map((name) => partyIdFrom(name, taken, 'person'));
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(partySchema.shape.id.safeParse(id).success, id).toBe(true);
      }),
    );
  });
});
