/**
 * Audit log benchmark (issue 3): (a) what appendAudit adds to a write transaction, p50 and p99,
 * on PGlite and PostgreSQL; (b) `verifyAuditLog` over a million correctly chained entries.
 *
 *   npx tsx bench/audit.bench.ts [--writes 3000] [--entries 1000000] [--engines pglite,postgres]
 *     [--only append|verify] [--runs 1]
 *
 * --only verify skips (a); --runs repeats (b) on the same entries and reports every time and the
 * median (the machine is shared: one run can be unlucky).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { appendAudit, type AuditEvent } from '../src/core/audit/append.ts';
import { canonicalEntry, genesisHash, type HashedEntry } from '../src/core/audit/hash.ts';
import { auditKeysFrom, currentMac, useAuditKeys } from '../src/core/audit/key.ts';
import { verifyAuditLog } from '../src/core/audit/verify.ts';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { newId } from '../src/core/ids.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { describeMachine } from './machine.ts';

const { values } = parseArgs({
  options: {
    writes: { type: 'string', default: '3000' },
    entries: { type: 'string', default: '1000000' },
    engines: { type: 'string', default: 'pglite,postgres' },
    only: { type: 'string' },
    runs: { type: 'string', default: '1' },
  },
});
if (values.only !== undefined && values.only !== 'append' && values.only !== 'verify')
  throw new Error('--only takes append or verify');
const writes = Number(values.writes);
const entries = Number(values.entries);
const engines = values.engines.split(',');
const runs = Number(values.runs);

// Every entry keyed, as after migration 0012 (appendAudit and the bulk entries alike).
const auditKeys = auditKeysFrom({ currentId: 'b1', keys: new Map([['b1', Buffer.alloc(32, 9)]]) });
useAuditKeys(auditKeys);
const mac = currentMac(auditKeys);

const practiceId = newId();
const actorId = newId();
const userAgent =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** A typical entry: a practice update by a signed-in user, with a small diff. */
function event(i: number): AuditEvent {
  return {
    at: new Date(),
    actorType: 'user',
    actorId,
    actorLabel: 'admin@example.org',
    practiceId,
    action: 'practice.updated',
    targetType: 'practice',
    targetId: practiceId,
    ip: '192.0.2.10',
    userAgent,
    requestId: `req-${i}`,
    details: { name: { before: `Practice ${i}`, after: `Practice ${i + 1}` } },
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * The write transaction of a request: one insert, with or without its audit entry. The two
 * variants alternate, so drift (caches, autovacuum, the machine) touches both alike.
 */
async function appendLatency(database: Database) {
  await database.query('create table bench_write (id uuid primary key, body text not null)');
  const write = (audited: boolean, i: number) =>
    database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into bench_write (id, body) values (${newId()}, ${`row ${i}`})`);
      if (audited) await appendAudit(tx, event(i));
    });
  for (let i = 0; i < 300; i += 1) await write(i % 2 === 0, i);
  const plain: number[] = [];
  const audited: number[] = [];
  for (let i = 0; i < 2 * writes; i += 1) {
    const t0 = performance.now();
    await write(i % 2 === 1, i);
    (i % 2 === 1 ? audited : plain).push(performance.now() - t0);
  }
  plain.sort((a, b) => a - b);
  audited.sort((a, b) => a - b);
  const p = (xs: number[]) => ({ p50: percentile(xs, 0.5), p99: percentile(xs, 0.99) });
  return { plain: p(plain), audited: p(audited) };
}

const columns = [
  'seq',
  'id',
  'at',
  'actor_type',
  'actor_id',
  'actor_label',
  'practice_id',
  'action',
  'target_type',
  'target_id',
  'ip',
  'user_agent',
  'request_id',
  'details',
  'prev_hash',
  'hash',
  'key_id',
] as const;
const types = [
  'bigint',
  'uuid',
  'timestamptz',
  'text',
  'uuid',
  'text',
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'jsonb',
  'text',
  'text',
  'text',
];

/**
 * Appends `count` entries after the current head, chained (and keyed) exactly as appendAudit chains them,
 * a batch per statement (one array parameter per column, unnested), then moves the head.
 */
async function bulkAppend(database: Database, count: number): Promise<void> {
  const [head] = await database.query<{ seq: number | string; hash: string }>('select seq, hash from audit_head');
  let seq = Number(head?.seq ?? 0);
  let prev = head?.hash ?? genesisHash;
  const base = Date.parse('2025-01-01T00:00:00Z');
  const batch = 5000;
  const insert = `insert into audit_log (${columns.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  for (let done = 0; done < count; done += batch) {
    const arrays: unknown[][] = columns.map(() => []);
    for (let i = 0; i < Math.min(batch, count - done); i += 1) {
      seq += 1;
      const e = event(seq);
      const entry: HashedEntry = {
        seq,
        id: newId(),
        at: new Date(base + seq * 10).toISOString(),
        actor_type: e.actorType,
        actor_id: e.actorId ?? null,
        actor_label: e.actorLabel ?? null,
        practice_id: e.practiceId ?? null,
        action: e.action,
        target_type: e.targetType ?? null,
        target_id: e.targetId ?? null,
        ip: e.ip ?? null,
        user_agent: e.userAgent ?? null,
        request_id: e.requestId ?? null,
        details: e.details,
        prev_hash: prev,
      };
      prev = mac.hex(canonicalEntry(entry));
      const row = { ...entry, details: JSON.stringify(entry.details), hash: prev, key_id: auditKeys.currentId };
      columns.forEach((column, c) => arrays[c]?.push(row[column]));
    }
    await database.query(insert, arrays);
  }
  await database.query('update audit_head set seq = $1, hash = $2 where id = 1', [seq, prev]);
}

async function run(engine: string, database: Database) {
  await database.migrate();
  const latency = values.only === 'verify' ? undefined : await appendLatency(database);
  if (values.only === 'append') return { engine, latency };
  const t0 = performance.now();
  const [{ n } = { n: 0 }] = await database.query<{ n: number | string }>('select count(*) as n from audit_log');
  await bulkAppend(database, entries - Number(n));
  const generateSeconds = (performance.now() - t0) / 1000;
  await database.query('vacuum analyze audit_log');
  const seconds: number[] = [];
  let checked = 0;
  for (let i = 0; i < runs; i += 1) {
    const t1 = performance.now();
    const verified = await verifyAuditLog(database);
    seconds.push((performance.now() - t1) / 1000);
    if (!verified.ok) throw new Error(`verification failed: ${verified.problem?.message}`);
    checked = verified.checked;
  }
  return { engine, latency, verify: { generateSeconds, checked, seconds } };
}

const ms = (x: number) => `${x.toFixed(3)} ms`;
const results = [];
for (const engine of engines) {
  if (engine === 'pglite') {
    const database = await openDatabase({ kind: 'memory' });
    try {
      results.push(await run(engine, database));
    } finally {
      await database.close();
    }
  } else {
    const server = await startPostgres();
    if ('missing' in server) throw new Error(server.missing);
    const database = await openDatabase({ kind: 'postgres', url: server.url, poolMax: 4 });
    try {
      results.push(await run(engine, database));
    } finally {
      await database.close();
      server.stop();
    }
  }
}

const flags = [`--writes ${writes}`, `--entries ${entries}`, ...(values.only ? [`--only ${values.only}`] : [])];
if (runs !== 1) flags.push(`--runs ${runs}`);
process.stdout.write(`Command: npx tsx bench/audit.bench.ts ${flags.join(' ')}\n`);
process.stdout.write(`Date: ${new Date().toISOString().slice(0, 10)}\nMachine: ${describeMachine()}\n`);
if (results.some((r) => r.latency)) {
  process.stdout.write('\n| Engine | write txn p50 | with audit p50 | added p50 | write txn p99 | with audit p99 |\n');
  process.stdout.write('|---|---|---|---|---|---|\n');
  for (const { engine, latency } of results) {
    if (!latency) continue;
    const { plain, audited } = latency;
    process.stdout.write(
      `| ${engine} | ${ms(plain.p50)} | ${ms(audited.p50)} | ${ms(audited.p50 - plain.p50)} | ${ms(plain.p99)} | ${ms(audited.p99)} |\n`,
    );
  }
}
const verified = results.flatMap((r) => (r.verify ? [{ engine: r.engine, ...r.verify }] : []));
if (verified.length > 0) {
  process.stdout.write('\n| Engine | verify entries | verify time (median) | entries/s | every run |\n');
  process.stdout.write('|---|---|---|---|---|\n');
  for (const r of verified) {
    const median = percentile(
      [...r.seconds].sort((a, b) => a - b),
      0.5,
    );
    process.stdout.write(
      `| ${r.engine} | ${r.checked.toLocaleString('en-US')} | ${median.toFixed(2)} s | ${Math.round(r.checked / median).toLocaleString('en-US')} | ` +
        `${r.seconds.map((x) => `${x.toFixed(2)} s`).join(', ')} |\n`,
    );
  }
  process.stdout.write(
    `\n(generating the entries took ${verified.map((r) => `${r.engine} ${r.generateSeconds.toFixed(1)} s`).join(', ')})\n`,
  );
}
