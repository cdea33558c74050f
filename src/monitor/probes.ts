/**
 * The probes: one outcome per run, never a throw. Outbound connections are checks the practice
 * asked for, so they get the webhooks' SSRF defence (webhooks/target.ts): a private, loopback,
 * link-local (cloud metadata) or reserved address is refused unless an administrator allowed
 * private targets, checked where the socket connects (no DNS rebinding). Every probe times out,
 * no redirect is followed, and at most 64 KiB of a body is read.
 */
import { Resolver } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
import { isRefusedAddress, pinnedLookup, refusedLiteral } from '../webhooks/target.ts';
import { judgeAgent } from './agent-judge.ts';
import type { Outcome } from './outcome.ts';
import type { AgentFacts, DnsRecordType, Probe } from './schema.ts';


export const probeTimeoutMs = 10_000;
const bodyLimit = 64 * 1024;
const dayMs = 86_400_000;

export interface ProbeTarget {
  probe: Probe;
  allowPrivate: boolean;
  /** For push and agent checks: the last ping and the period it must come within. */
  lastPingAt: Date | null;
  /** For agent checks: the last heartbeat's facts. */
  agentFacts?: AgentFacts | null;
  createdAt: Date;
  intervalSeconds: number;
}

const refusal = (host: string): Outcome => ({
  ok: false,
  latencyMs: null,
  message: `refused: ${host} is a private or reserved address (allowPrivateTargets allows it)`,
});

/** Short and printable: an error from the network may carry anything. */
const words = (err: Error) =>
  // eslint-disable-next-line no-control-regex
  err.message.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 300);

function stopwatch() {
  const started = performance.now();
  return () => Math.round(performance.now() - started);
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, bodyLimit).toString('utf8'));
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bodyLimit) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

function judgeHttp(probe: Extract<Probe, { kind: 'http' }>, status: number, body: string, latencyMs: number): Outcome {
  if (status !== probe.expectedStatus)
    return { ok: false, latencyMs, message: `HTTP ${status}, expected ${probe.expectedStatus}` };
  if (probe.keyword !== undefined && !body.includes(probe.keyword))
    return { ok: false, latencyMs, message: `HTTP ${status} without the keyword` };
  if (probe.maxLatencyMs !== undefined && latencyMs > probe.maxLatencyMs)
    return { ok: false, latencyMs, message: `HTTP ${status} in ${latencyMs} ms, over ${probe.maxLatencyMs} ms` };
  if (probe.slowLatencyMs !== undefined && latencyMs > probe.slowLatencyMs)
    return {
      ok: true,
      degraded: true,
      latencyMs,
      message: `HTTP ${status} in ${latencyMs} ms, slower than ${probe.slowLatencyMs} ms`,
    };
  return { ok: true, latencyMs, message: `HTTP ${status} in ${latencyMs} ms` };
}

export function probeHttp(probe: Extract<Probe, { kind: 'http' }>, allowPrivate: boolean): Promise<Outcome> {
  const url = new URL(probe.url);
  const literal = allowPrivate ? undefined : refusedLiteral(url);
  if (literal) return Promise.resolve(refusal(literal));
  const elapsed = stopwatch();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Outcome>((resolve) => {
    const request = send(url, {
      method: 'GET',
      headers: { 'user-agent': 'Tandem-Monitor/1', accept: '*/*' },
      lookup: allowPrivate ? undefined : pinnedLookup(),
      timeout: probeTimeoutMs,
      rejectUnauthorized: probe.verifyTls,
      agent: false,
    });
    const fail = (err: Error) => resolve({ ok: false, latencyMs: null, message: words(err) });
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${probeTimeoutMs / 1000} s`)),
      probeTimeoutMs,
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${probeTimeoutMs / 1000} s`)));
    request.on('error', (err) => {
      clearTimeout(deadline);
      fail(err);
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // The latency is the time to the answer's head; the body is read only for a keyword.
      const latencyMs = elapsed();
      const body = probe.keyword === undefined ? (response.resume(), Promise.resolve('')) : readBody(response);
      void body.then((text) => {
        clearTimeout(deadline);
        resolve(judgeHttp(probe, status, text, latencyMs));
      });
    });
    request.end();
  });
}

/** Connects (plain TCP, or TLS to read the certificate) and hands the open socket to `judge`. */
function connectTo(
  host: string,
  port: number,
  allowPrivate: boolean,
  open: (options: { host: string; port: number; lookup?: ReturnType<typeof pinnedLookup> }) => Socket,
  readyEvent: 'connect' | 'secureConnect',
  judge: (socket: Socket, latencyMs: number) => Outcome,
): Promise<Outcome> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(bare) !== 0 && isRefusedAddress(bare)) return Promise.resolve(refusal(bare));
  const elapsed = stopwatch();
  return new Promise<Outcome>((resolve) => {
    const socket = open({ host: bare, port, lookup: allowPrivate ? undefined : pinnedLookup() });
    socket.setTimeout(probeTimeoutMs, () =>
      socket.destroy(new Error(`no connection within ${probeTimeoutMs / 1000} s`)),
    );
    socket.once('error', (err) => resolve({ ok: false, latencyMs: null, message: words(err) }));
    socket.once(readyEvent, () => {
      const outcome = judge(socket, elapsed());
      socket.destroy();
      resolve(outcome);
    });
  });
}

export function probeTcp(probe: Extract<Probe, { kind: 'tcp' }>, allowPrivate: boolean): Promise<Outcome> {
  return connectTo(
    probe.host,
    probe.port,
    allowPrivate,
    (o) => netConnect(o),
    'connect',
    (_s, latencyMs) => ({
      ok: true,
      latencyMs,
      message: `port ${probe.port} open in ${latencyMs} ms`,
    }),
  );
}

/** Days left on the certificate the server presents; an untrusted one is still read (expiry is the question). */
export function probeTls(probe: Extract<Probe, { kind: 'tls' }>, allowPrivate: boolean, now: Date): Promise<Outcome> {
  const open = (o: { host: string; port: number; lookup?: ReturnType<typeof pinnedLookup> }) =>
    tlsConnect({ ...o, servername: isIP(o.host) === 0 ? o.host : undefined, rejectUnauthorized: false });
  return connectTo(probe.host, probe.port, allowPrivate, open, 'secureConnect', (socket, latencyMs) => {
    const cert = (socket as ReturnType<typeof tlsConnect>).getPeerCertificate();
    if (!cert?.valid_to) return { ok: false, latencyMs, message: 'no certificate presented' };
    const daysLeft = Math.floor((new Date(cert.valid_to).getTime() - now.getTime()) / dayMs);
    if (daysLeft >= probe.minDaysLeft && probe.warnDaysLeft !== undefined && daysLeft < probe.warnDaysLeft)
      return { ok: true, degraded: true, latencyMs, message: `certificate valid for ${daysLeft} more days only` };
    return daysLeft >= probe.minDaysLeft
      ? { ok: true, latencyMs, message: `certificate valid for ${daysLeft} more days` }
      : {
          ok: false,
          latencyMs,
          message: daysLeft < 0 ? 'certificate expired' : `certificate expires in ${daysLeft} days`,
        };
  });
}

/** Each record type's answers as plain strings: addresses, host names, `priority exchange`, joined text. */
async function lookUp(resolver: Resolver, name: string, type: DnsRecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((r) => `${r.priority} ${r.exchange}`);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
  }
}

/** Compared without case or a trailing dot; an MX answer matches on its exchange or the whole `priority exchange`. */
const canonical = (value: string) => value.trim().toLowerCase().replace(/\.$/, '');

function answersInclude(answers: string[], expected: string): boolean {
  const want = canonical(expected);
  return answers.some((a) => canonical(a) === want || canonical(a.replace(/^\d+ /, '')) === want);
}

/**
 * Looks a name up with the practice's resolver (or this machine's): up when the record exists and,
 * if an expected value is given, the answers include it. A private resolver address needs
 * allowPrivateTargets like any other target.
 */
export async function probeDns(probe: Extract<Probe, { kind: 'dns' }>, allowPrivate: boolean): Promise<Outcome> {
  if (probe.server && !allowPrivate && isRefusedAddress(probe.server)) return refusal(probe.server);
  const resolver = new Resolver({ timeout: probeTimeoutMs, tries: 1 });
  if (probe.server)
    resolver.setServers([
      isIP(probe.server) === 6 ? `[${probe.server}]:${probe.port}` : `${probe.server}:${probe.port}`,
    ]);
  const elapsed = stopwatch();
  const what = `${probe.recordType} ${probe.name}`;
  try {
    const answers = await lookUp(resolver, probe.name, probe.recordType);
    const latencyMs = elapsed();
    const listed = answers.join(', ').slice(0, 200);
    if (probe.expected !== undefined && !answersInclude(answers, probe.expected))
      return { ok: false, latencyMs, message: `${what}: ${listed}, without ${probe.expected}` };
    return { ok: true, latencyMs, message: `${what}: ${listed} in ${latencyMs} ms` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOTFOUND' ? 'no such name' : code === 'ENODATA' ? 'no such record' : words(err as Error);
    return { ok: false, latencyMs: null, message: `${what}: ${reason}` };
  } finally {
    resolver.cancel();
  }
}

/** A push check is up while its last ping (or, before the first, its creation) is within period + grace. */
export function judgePush(target: ProbeTarget, graceSeconds: number, now: Date): Outcome {
  const since = target.lastPingAt ?? target.createdAt;
  const lateMs = now.getTime() - since.getTime() - (target.intervalSeconds + graceSeconds) * 1000;
  if (lateMs <= 0)
    return {
      ok: true,
      latencyMs: null,
      message: target.lastPingAt ? 'ping received in time' : 'waiting for the first ping',
    };
  return {
    ok: false,
    latencyMs: null,
    message: target.lastPingAt ? `no ping since ${target.lastPingAt.toISOString()}` : 'no ping received yet',
  };
}

export function runProbe(target: ProbeTarget, now: Date): Promise<Outcome> {
  const { probe, allowPrivate } = target;
  switch (probe.kind) {
    case 'http':
      return probeHttp(probe, allowPrivate);
    case 'tcp':
      return probeTcp(probe, allowPrivate);
    case 'tls':
      return probeTls(probe, allowPrivate, now);
    case 'dns':
      return probeDns(probe, allowPrivate);
    case 'push':
      return Promise.resolve(judgePush(target, probe.graceSeconds, now));
    case 'agent':
      return Promise.resolve(judgeAgent(probe, target.agentFacts ?? null, judgePush(target, probe.graceSeconds, now)));
  }
}
