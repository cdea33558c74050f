/**
 * SSRF defence for webhook targets. A receiver's address is checked where the connection is
 * made: `pinnedLookup` is the socket's DNS lookup, so the address that was checked is the one
 * connected to, and a name that resolves to a public address when saved and to 127.0.0.1 later
 * (DNS rebinding) is refused at that later connect. Addresses given literally in the URL skip
 * DNS, so `refusedLiteral` checks them before the request starts.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Private, loopback, link-local (cloud metadata), shared, reserved and multicast ranges. */
const refused = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  refused.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  refused.addSubnet(net, bits, 'ipv6');

/** ::ffff:a.b.c.d (or ::ffff:7f00:1) as the IPv4 address it stands for; other addresses as they are. */
export function unmapped(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return address;
}

/** Whether an IP address is one a webhook may not reach unless its administrator allowed it. */
export function isRefusedAddress(address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return true;
  return refused.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

export class RefusedTarget extends Error {}

/** The URL's host when it is an IP literal that is refused; undefined otherwise. */
export function refusedLiteral(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 && isRefusedAddress(host) ? host : undefined;
}

/**
 * A socket lookup that resolves the name and fails when any address it resolves to is refused
 * (one private answer among public ones is enough to be suspicious), then connects to the
 * first. `resolve` is replaceable for tests.
 */
export function pinnedLookup(resolve: (host: string) => Promise<LookupAddress[]> = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const bad = addresses.find((a) => isRefusedAddress(a.address));
        if (bad) {
          callback(
            new RefusedTarget(`refused: ${hostname} resolves to ${bad.address}, a private or reserved address`),
            '',
            4,
          );
          return;
        }
        if (addresses.length === 0) {
          callback(new Error(`${hostname} did not resolve`), '', 4);
          return;
        }
        if (options.all) (callback as (err: null, all: LookupAddress[]) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 4),
    );
  };
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );
}
