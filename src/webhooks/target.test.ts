import type { LookupAddress } from 'node:dns';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isRefusedAddress, pinnedLookup, refusedLiteral, unmapped } from './target.ts';

describe('webhook target addresses', () => {
  it('refuses private, loopback, link-local, unique-local, multicast and metadata addresses', () => {
    for (const address of [
      '10.0.0.1',
      '127.0.0.1',
      '127.255.255.254',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '0.0.0.0',
      '224.0.0.251',
      '255.255.255.255',
      '::',
      '::1',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '0:0:0:0:0:ffff:a9fe:a9fe',
      '64:ff9b::7f00:1',
      'not an address',
    ])
      expect(isRefusedAddress(address), address).toBe(true);
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isRefusedAddress(address), address).toBe(false);
  });

  it('reads IPv4-mapped IPv6 in both spellings', () => {
    expect(unmapped('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(unmapped('::FFFF:a9fe:a9fe')).toBe('169.254.169.254');
    expect(unmapped('2001:db8::1')).toBe('2001:db8::1');
  });

  it('finds refused literals in URLs, as the URL parser spells them', () => {
    expect(refusedLiteral(new URL('https://[::ffff:127.0.0.1]/x'))).toBe('::ffff:7f00:1');
    expect(refusedLiteral(new URL('https://0x7f.1/x'))).toBe('127.0.0.1');
    expect(refusedLiteral(new URL('https://2130706433/x'))).toBe('127.0.0.1');
    expect(refusedLiteral(new URL('https://hooks.example.com/x'))).toBeUndefined();
  });

  it('checks the address at connect time, so a name that rebinds to loopback is refused then', async () => {
    // The first answer (as when the webhook was saved) is public; the one at connect time is not.
    const answers: LookupAddress[][] = [
      [{ address: '93.184.216.34', family: 4 }],
      [{ address: '127.0.0.1', family: 4 }],
    ];
    const resolve = async () => answers.shift()!;
    await resolve();
    const error = await new Promise<Error>((done) => {
      const req = request('http://rebind.example/hook', { lookup: pinnedLookup(resolve) });
      req.on('error', done);
      req.end();
    });
    expect(error.message).toBe('refused: rebind.example resolves to 127.0.0.1, a private or reserved address');
  });

  it('refuses a name when any of its addresses is refused', async () => {
    const lookup = pinnedLookup(async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::1', family: 6 },
    ]);
    const error = await new Promise<Error | null>((done) => lookup('mixed.example', { all: true }, (err) => done(err)));
    expect(error?.message).toMatch(/mixed\.example resolves to ::1/);
  });
});
