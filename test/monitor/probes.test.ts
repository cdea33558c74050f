/**
 * The probes against real peers on 127.0.0.1: an HTTP server (status, keyword, slow answers), a
 * closed port, and a TLS server whose certificate (made by openssl for the test) expires in 10
 * days, and a DNS server with a small zone. Loopback is refused unless private targets are allowed,
 * as is cloud metadata.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDns, probeHttp, probeTcp, probeTls } from '../../src/monitor/probes.ts';
import type { DnsRecordType } from '../../src/monitor/schema.ts';
import { startDnsServer, type DnsRecord, type DnsServer } from '../support/dns-server.ts';
import { closedPort } from '../support/monitored-site.ts';

const listen = async (server: Server | TlsServer) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

describe('probes', () => {
  let http: Server;
  let tls: TlsServer;
  let httpPort: number;
  let tlsPort: number;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-tls-'));

  beforeAll(async () => {
    http = createHttpServer((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('slow'), 300);
      else res.writeHead(req.url === '/missing' ? 404 : 200).end('status: all good');
    });
    httpPort = await listen(http);
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '10',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    tls = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (socket) => socket.end());
    tlsPort = await listen(tls);
  });

  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await new Promise((resolve) => tls.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const http200 = (p: string, extra: object = {}) => ({
    kind: 'http' as const,
    url: `http://127.0.0.1:${httpPort}${p}`,
    expectedStatus: 200,
    verifyTls: true,
    ...extra,
  });

  it('judges HTTP status, keyword and latency', async () => {
    expect(await probeHttp(http200('/'), true)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^HTTP 200 in \d+ ms$/),
    });
    expect(await probeHttp(http200('/missing'), true)).toMatchObject({ ok: false, message: 'HTTP 404, expected 200' });
    expect(await probeHttp(http200('/', { keyword: 'all good' }), true)).toMatchObject({ ok: true });
    expect(await probeHttp(http200('/', { keyword: 'on fire' }), true)).toMatchObject({
      ok: false,
      message: 'HTTP 200 without the keyword',
    });
    const slow = await probeHttp(http200('/slow', { maxLatencyMs: 100 }), true);
    expect(slow.ok).toBe(false);
    expect(slow.message).toMatch(/over 100 ms$/);
    // Slower than the slow mark but within the limit: a degraded success.
    expect(await probeHttp(http200('/slow', { slowLatencyMs: 100, maxLatencyMs: 60_000 }), true)).toMatchObject({
      ok: true,
      degraded: true,
      message: expect.stringMatching(/^HTTP 200 in \d+ ms, slower than 100 ms$/),
    });
    expect((await probeHttp(http200('/', { slowLatencyMs: 60_000 }), true)).degraded).toBeUndefined();
  });

  it('refuses loopback and cloud metadata unless private targets are allowed', async () => {
    expect(await probeHttp(http200('/'), false)).toMatchObject({
      ok: false,
      message: expect.stringContaining('refused: 127.0.0.1'),
    });
    const metadata = { ...http200('/'), url: 'http://169.254.169.254/latest/meta-data' };
    expect((await probeHttp(metadata, false)).message).toContain('refused: 169.254.169.254');
    expect((await probeTcp({ kind: 'tcp', host: '127.0.0.1', port: httpPort }, false)).message).toContain('refused');
  });

  it('finds a port open or closed', async () => {
    expect(await probeTcp({ kind: 'tcp', host: '127.0.0.1', port: httpPort }, true)).toMatchObject({ ok: true });
    const closed = await probeTcp({ kind: 'tcp', host: '127.0.0.1', port: await closedPort() }, true);
    expect(closed).toMatchObject({ ok: false, message: expect.stringContaining('ECONNREFUSED') });
  });

  it('counts the days a certificate has left', async () => {
    const probe = (minDaysLeft: number) => ({ kind: 'tls' as const, host: '127.0.0.1', port: tlsPort, minDaysLeft });
    const now = new Date();
    // Made to last 10 days from now: 9 whole days and some hours left.
    expect(await probeTls(probe(5), true, now)).toMatchObject({
      ok: true,
      message: 'certificate valid for 9 more days',
    });
    expect(await probeTls(probe(14), true, now)).toMatchObject({ ok: false, message: 'certificate expires in 9 days' });
    expect(await probeTls({ ...probe(5), warnDaysLeft: 30 }, true, now)).toMatchObject({
      ok: true,
      degraded: true,
      message: 'certificate valid for 9 more days only',
    });
    const later = new Date(now.getTime() + 11 * 86_400_000);
    expect(await probeTls(probe(14), true, later)).toMatchObject({ ok: false, message: 'certificate expired' });
  });
});

describe('DNS probe', () => {
  let dns: DnsServer;
  const zone: Record<string, DnsRecord[]> = {
    'ehr.clinic.test': [
      { type: 'A', address: '10.0.0.5' },
      { type: 'A', address: '10.0.0.6' },
      { type: 'AAAA', address: 'fd00::5' },
    ],
    'portal.clinic.test': [{ type: 'CNAME', host: 'clinic.hosted.test' }],
    'clinic.test': [
      { type: 'MX', priority: 10, exchange: 'mail.clinic.test' },
      { type: 'TXT', text: 'v=spf1 include:mail.clinic.test -all' },
      { type: 'NS', host: 'ns1.clinic.test' },
    ],
  };
  const probe = (name: string, recordType: DnsRecordType, extra: { expected?: string; server?: string } = {}) => ({
    kind: 'dns' as const,
    name,
    recordType,
    server: '127.0.0.1',
    port: dns.port,
    ...extra,
  });

  beforeAll(async () => {
    dns = await startDnsServer(zone);
  });
  afterAll(() => dns.close());

  it('is up when the record exists and includes the expected value, whatever its case or trailing dot', async () => {
    expect(await probeDns(probe('ehr.clinic.test', 'A'), true)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^A ehr\.clinic\.test: 10\.0\.0\.5, 10\.0\.0\.6 in \d+ ms$/),
    });
    expect(await probeDns(probe('ehr.clinic.test', 'A', { expected: '10.0.0.6' }), true)).toMatchObject({ ok: true });
    expect(await probeDns(probe('ehr.clinic.test', 'AAAA', { expected: 'fd00::5' }), true)).toMatchObject({ ok: true });
    expect(
      await probeDns(probe('portal.clinic.test', 'CNAME', { expected: 'Clinic.Hosted.Test.' }), true),
    ).toMatchObject({ ok: true });
    expect(await probeDns(probe('clinic.test', 'MX', { expected: 'mail.clinic.test' }), true)).toMatchObject({
      ok: true,
      message: expect.stringContaining('10 mail.clinic.test'),
    });
    expect(await probeDns(probe('clinic.test', 'MX', { expected: '10 mail.clinic.test' }), true)).toMatchObject({
      ok: true,
    });
    expect(
      await probeDns(probe('clinic.test', 'TXT', { expected: 'v=spf1 include:mail.clinic.test -all' }), true),
    ).toMatchObject({ ok: true });
    expect(await probeDns(probe('clinic.test', 'NS'), true)).toMatchObject({ ok: true });
  });

  it('is down for a changed answer, a missing record or an unknown name, and says which', async () => {
    expect(await probeDns(probe('ehr.clinic.test', 'A', { expected: '10.0.0.7' }), true)).toEqual({
      ok: false,
      latencyMs: expect.any(Number),
      message: 'A ehr.clinic.test: 10.0.0.5, 10.0.0.6, without 10.0.0.7',
    });
    expect(await probeDns(probe('portal.clinic.test', 'MX'), true)).toEqual({
      ok: false,
      latencyMs: null,
      message: 'MX portal.clinic.test: no such record',
    });
    expect(await probeDns(probe('gone.clinic.test', 'A'), true)).toEqual({
      ok: false,
      latencyMs: null,
      message: 'A gone.clinic.test: no such name',
    });
  });

  it('refuses a private resolver unless private targets are allowed', async () => {
    expect(await probeDns(probe('ehr.clinic.test', 'A'), false)).toEqual({
      ok: false,
      latencyMs: null,
      message: 'refused: 127.0.0.1 is a private or reserved address (allowPrivateTargets allows it)',
    });
  });
});
