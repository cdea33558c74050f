/**
 * A small authoritative DNS server on 127.0.0.1 (UDP) for the DNS probe's tests: it answers the
 * records it is given (RFC 1035 wire format, one question per query) and NXDOMAIN for any other
 * name. Node has a resolver but no server, and the tests must not leave this machine.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';

export type DnsRecord =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'CNAME' | 'NS'; host: string }
  | { type: 'MX'; priority: number; exchange: string }
  | { type: 'TXT'; text: string };

const typeCodes = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])),
    Buffer.from([0]),
  ]);
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ''] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const missing = 8 - groups(head!).length - groups(tail).length;
  const all = [...groups(head!), ...Array<string>(address.includes('::') ? missing : 0).fill('0'), ...groups(tail)];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function rdata(record: DnsRecord): Buffer {
  switch (record.type) {
    case 'A':
      if (!isIPv4(record.address)) throw new Error(`not an IPv4 address: ${record.address}`);
      return Buffer.from(record.address.split('.').map(Number));
    case 'AAAA':
      return ipv6Bytes(record.address);
    case 'CNAME':
    case 'NS':
      return encodeName(record.host);
    case 'MX': {
      const preference = Buffer.alloc(2);
      preference.writeUInt16BE(record.priority);
      return Buffer.concat([preference, encodeName(record.exchange)]);
    }
    case 'TXT':
      return Buffer.concat([Buffer.from([record.text.length]), Buffer.from(record.text, 'utf8')]);
  }
}

/** The question's name (lower case, no trailing dot), its type code, and where the question ends. */
function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (query[at]! > 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString('ascii'));
    at += 1 + query[at]!;
  }
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at + 1), end: at + 5 };
}

function answer(query: Buffer, zone: Map<string, DnsRecord[]>): Buffer {
  const question = readQuestion(query);
  const known = zone.get(question.name);
  const matching = (known ?? []).filter((r) => typeCodes[r.type] === question.type);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // Response, authoritative, recursion desired copied, recursion available; rcode 3 (NXDOMAIN) for unknown names.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (known ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(matching.length, 6);
  const answers = matching.map((record) => {
    const data = rdata(record);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    fixed.writeUInt16BE(typeCodes[record.type], 2);
    fixed.writeUInt16BE(1, 4); // class IN
    fixed.writeUInt32BE(60, 6); // TTL
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
}

export interface DnsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `records` (name -> its records) on 127.0.0.1 at a free UDP port. */
export async function startDnsServer(records: Record<string, DnsRecord[]>): Promise<DnsServer> {
  const zone = new Map(Object.entries(records).map(([name, rs]) => [name.toLowerCase(), rs]));
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, from) => socket.send(answer(query, zone), from.port, from.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
