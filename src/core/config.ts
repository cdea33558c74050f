/**
 * The one place that reads the environment. Everything else receives a typed Config.
 * A bad value stops start-up with one line naming the variable (ConfigError), never a stack.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Accepts "1048576", "512kb", "1mb", "1MiB"... and returns bytes. */
export function parseByteSize(raw: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(raw);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const scale: Record<string, number> = {
    b: 1,
    kb: 1024,
    kib: 1024,
    mb: 1024 ** 2,
    mib: 1024 ** 2,
    gb: 1024 ** 3,
    gib: 1024 ** 3,
  };
  const bytes = Math.floor(Number(m[1]) * (scale[unit] ?? 1));
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

const intInRange = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `expected a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

const byteSize = z.string().transform((raw, ctx) => {
  const bytes = parseByteSize(raw);
  if (bytes === undefined || bytes < 1024) {
    ctx.addIssue({ code: 'custom', message: 'expected a size of at least 1kb such as 1048576, 512kb or 1mb' });
    return z.NEVER;
  }
  return bytes;
});

/** host:port, for a listening address (IPv6 in brackets: [::1]:2525). */
const hostPort = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const m = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(raw);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port > 65535) {
      ctx.addIssue({ code: 'custom', message: 'expected host:port such as 127.0.0.1:2525' });
      return z.NEVER;
    }
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
  });

/** A mailbox to poll (imapflow): where, as whom, and which folder. */
export interface ImapMailbox {
  /** imaps: TLS from the start; imap: STARTTLS when the server offers it. */
  secure: boolean;
  host: string;
  port: number;
  user: string;
  /** Never logged nor printed: start-up names the mailbox by user, host and folder only. */
  password: string;
  mailbox: string;
}

/** imaps://user:password@host[:port][/folder] (folder INBOX when absent; user and password URL-encoded). */
const imapUrl = z
  .string()
  .trim()
  .transform((raw, ctx): ImapMailbox => {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!url || !/^imaps?:$/.test(url.protocol) || !url.hostname || !url.username || !url.password) {
      ctx.addIssue({
        code: 'custom',
        message:
          'expected an imaps:// or imap:// URL with a user and password, such as imaps://desk:secret@mail.example.org/INBOX',
      });
      return z.NEVER;
    }
    const secure = url.protocol === 'imaps:';
    const folder = decodeURIComponent(url.pathname.replace(/^\//, ''));
    return {
      secure,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      mailbox: folder || 'INBOX',
    };
  });

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'expected a postgres:// or postgresql:// URL');

/** An IPv4 or IPv6 address, optionally with a prefix length (CIDR); /0 is refused: it is every client. */
function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The proxies whose X-Forwarded-For is believed: `false`, or a comma-separated list of addresses,
 * CIDRs and `loopback` (proxy-addr's name for 127.0.0.0/8 and ::1, which Fastify uses). A bare
 * `true` is refused: it would believe a forged header from any client, who could then choose the
 * address the sign-in throttle counts and the audit log records.
 */
const trustedProxies = z.string().transform((raw, ctx): string[] => {
  const value = raw.trim();
  if (/^(false|0|no)$/i.test(value)) return [];
  if (/^(true|1|yes)$/i.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'true would believe X-Forwarded-For from any client; list the proxy addresses instead, e.g. 10.0.0.5,10.0.1.0/24 or loopback',
    });
    return z.NEVER;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.find((e) => e !== 'loopback' && !isAddressOrCidr(e));
  if (bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected false or IP addresses/CIDRs separated by commas; not one: ${JSON.stringify(bad)}`,
    });
    return z.NEVER;
  }
  return entries;
});

/**
 * Every variable Tandem reads, with its default and a one-line description. The README's
 * configuration table is checked against this list by a test, so the two cannot drift.
 */
export const configVariables = {
  TANDEM_PORT: {
    schema: intInRange(0, 65535),
    default: '8080',
    doc: 'TCP port the HTTP server listens on (0 picks a free port).',
  },
  TANDEM_HOST: {
    schema: z.string().trim().min(1, 'expected a host name or IP address'),
    default: '127.0.0.1',
    doc: 'Address to bind. Use 0.0.0.0 to listen on every interface.',
  },
  TANDEM_DATA_DIR: {
    schema: z.string().trim().min(1, 'expected a folder path'),
    default: './data',
    doc: 'Folder for the embedded database (PGlite) and generated keys.',
  },
  DATABASE_URL: {
    schema: postgresUrl.optional(),
    default: undefined,
    doc: 'PostgreSQL server to use instead of the embedded database, e.g. postgres://user:pass@host:5432/tandem.',
  },
  TANDEM_DB_POOL_MAX: {
    schema: intInRange(1, 1000),
    default: '10',
    doc: 'Largest number of connections in the PostgreSQL pool (ignored on the embedded database).',
  },
  TANDEM_LOG_LEVEL: {
    schema: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')}` }),
    default: 'info',
    doc: 'Log level of the JSON logs on stdout.',
  },
  TANDEM_LOG_FORMAT: {
    schema: z.enum(['auto', 'json', 'pretty'], { message: 'expected auto, json or pretty' }),
    default: 'auto',
    doc: 'How log lines look: json (one object a line), pretty (readable; each request only at debug level), or auto: pretty on a terminal, json otherwise.',
  },
  TANDEM_BODY_LIMIT: { schema: byteSize, default: '1mb', doc: 'Largest request body accepted; larger bodies get 413.' },
  TANDEM_ATTACHMENT_LIMIT: {
    schema: byteSize,
    default: '10mb',
    doc: 'Largest file attached to a ticket; larger files get 413.',
  },
  TANDEM_SHUTDOWN_TIMEOUT_MS: {
    schema: intInRange(100, 600_000),
    default: '10000',
    doc: 'On SIGTERM/SIGINT, how long in-flight requests may take before the process exits anyway.',
  },
  TANDEM_TRUST_PROXY: {
    schema: trustedProxies,
    default: 'false',
    doc: 'Reverse proxies or load balancers whose X-Forwarded-* headers are believed: comma-separated IPv4/IPv6 addresses or CIDRs (e.g. 10.0.0.5,fd00::/64), or loopback. false believes nobody; true is refused.',
  },
  TANDEM_ENCRYPTION_KEY: {
    schema: z.string().trim().min(1).optional(),
    default: undefined,
    doc: 'Key(s) for PHI field encryption: `id:base64key` (32 bytes), comma-separated, newest first. Required with DATABASE_URL unless TANDEM_ENCRYPTION_KEY_FILE is set.',
  },
  TANDEM_ENCRYPTION_KEY_FILE: {
    schema: z.string().trim().min(1).optional(),
    default: undefined,
    doc: 'JSON key file for PHI field encryption. Embedded mode creates <data dir>/encryption-keys.json (mode 0600) on first start.',
  },
  TANDEM_AUDIT_KEY: {
    schema: z.string().trim().min(1).optional(),
    default: undefined,
    doc: 'Key(s) for the audit chain and its checkpoints (HMAC-SHA256): `id:base64key` (32 bytes), comma-separated, newest first; keep retired keys listed to verify older entries. Not the encryption key. Required with DATABASE_URL unless TANDEM_AUDIT_KEY_FILE is set.',
  },
  TANDEM_AUDIT_KEY_FILE: {
    schema: z.string().trim().min(1).optional(),
    default: undefined,
    doc: 'JSON key file for the audit chain. Embedded mode creates <data dir>/audit-keys.json (mode 0600) on first start.',
  },
  TANDEM_AUDIT_CHECKPOINT_MINUTES: {
    schema: intInRange(1, 24 * 60),
    default: '10',
    doc: 'How often the server writes a signed audit checkpoint when the chain head moved (also at start and on clean shutdown).',
  },
  TANDEM_SESSION_IDLE_MINUTES: {
    schema: intInRange(1, 24 * 60),
    default: '15',
    doc: 'Sign a session out after this many minutes without a request.',
  },
  TANDEM_SESSION_ABSOLUTE_HOURS: {
    schema: intInRange(1, 24 * 30),
    default: '12',
    doc: 'Sign a session out this many hours after sign-in, active or not.',
  },
  TANDEM_AUTH_CACHE_MS: {
    schema: intInRange(0, 60_000),
    default: '2000',
    doc: 'How long a server process reuses a session or API token lookup. Changes made through another process (a second server, the CLI) reach this one within this time; 0 turns the cache off.',
  },
  TANDEM_API_RATE_LIMIT: {
    schema: intInRange(1, 1_000_000),
    default: '1200',
    doc: 'API requests one caller (an API token, a session, or an address without either) may make per minute to one server process; more get 429 with Retry-After.',
  },
  TANDEM_PUBLIC_URL: {
    schema: z.url({ message: 'expected an http(s) URL such as https://tandem.example.org' }).optional(),
    default: undefined,
    doc: 'Address users reach Tandem at, for links Tandem prints (setup, invitations, password resets). Default: the listening address.',
  },
  TANDEM_SMTP_URL: {
    schema: z
      .string()
      .trim()
      .refine(
        (v) => /^smtps?:\/\/[^/]+/.test(v),
        'expected an smtp:// or smtps:// URL such as smtps://user:pass@mail.example.org:465',
      )
      .optional(),
    default: undefined,
    doc: 'SMTP server for email (smtps:// for TLS from the start, smtp:// upgrades with STARTTLS when offered). Unset: emails wait in the outbox administrators read in the web app.',
  },
  TANDEM_MAIL_FROM: {
    schema: z
      .string()
      .trim()
      .regex(/^(.*<)?[^@\s<>]+@[^@\s<>]+>?$/, 'expected an address such as "Tandem <tandem@example.org>"'),
    default: 'Tandem <tandem@localhost>',
    doc: 'From address of the emails Tandem sends.',
  },
  TANDEM_METRICS_TOKEN: {
    schema: z.string().trim().min(32, 'expected at least 32 characters (e.g. from openssl rand -hex 32)').optional(),
    default: undefined,
    doc: "Bearer token a Prometheus scraper sends to GET /metrics (this process's HTTP, job and monitoring figures). Unset: /metrics answers 404.",
  },
  TANDEM_MONITOR_RESULT_DAYS: {
    schema: intInRange(1, 400),
    default: '31',
    doc: "Days each monitoring check's raw results are kept (whole UTC days, dropped a day at a time); uptime and latency figures come from hourly rollups kept 35 days and daily ones kept 400.",
  },
  TANDEM_SMTP_LISTEN: {
    schema: hostPort.optional(),
    default: undefined,
    doc: "Where Tandem's own SMTP receiver listens for inbound email (ticket replies, new tickets to a desk's address, backup products' report emails), as host:port such as 127.0.0.1:2525. Runs in processes that work jobs (`--role all` or `worker`). Unset: no receiver.",
  },
  TANDEM_SMTP_MAX_BYTES: {
    schema: byteSize,
    default: '10mb',
    doc: 'Largest inbound email the SMTP receiver accepts (announced as SIZE; larger messages get 552).',
  },
  TANDEM_MAIL_DOMAIN: {
    schema: z
      .string()
      .trim()
      .regex(/^[a-z0-9.-]+$/i, 'expected a domain name such as desk.example.org')
      .optional(),
    default: undefined,
    doc: "Domain of the inbound addresses Tandem hands out (reply+..., desk+..., backup+...@domain); mail for it must reach TANDEM_SMTP_LISTEN. Default: TANDEM_MAIL_FROM's domain.",
  },
  TANDEM_IMAP_URL: {
    schema: imapUrl.optional(),
    default: undefined,
    doc: 'A mailbox Tandem polls for inbound email, as imaps://user:password@host[:port]/folder (imap:// upgrades with STARTTLS when offered; folder INBOX when absent; user and password URL-encoded): for mail that reaches a mailbox rather than TANDEM_SMTP_LISTEN. Each unseen message is taken like one to the receiver, found by its To, Cc, Delivered-To and X-Original-To addresses, then marked seen; one that cannot be taken is marked seen and flagged. Polled by processes that work jobs. Unset: none.',
  },
  TANDEM_IMAP_POLL_MINUTES: {
    schema: intInRange(1, 60),
    default: '1',
    doc: 'How often the TANDEM_IMAP_URL mailbox is polled, in minutes.',
  },
  TANDEM_WEB_DIR: {
    schema: z.string().trim().min(1).optional(),
    default: undefined,
    doc: 'Folder of the built web app to serve (default: web/dist in the checkout).',
  },
} as const;

export type ConfigVariable = keyof typeof configVariables;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolMax: number;
  logLevel: (typeof logLevels)[number];
  logFormat: 'auto' | 'json' | 'pretty';
  bodyLimit: number;
  /** Largest file attached to a ticket (service desk). */
  attachmentLimit: number;
  shutdownTimeoutMs: number;
  /** Addresses/CIDRs of trusted proxies; empty: X-Forwarded-* is ignored. */
  trustProxy: string[];
  webDir: string | undefined;
  encryptionKey: string | undefined;
  encryptionKeyFile: string | undefined;
  auditKey: string | undefined;
  auditKeyFile: string | undefined;
  auditCheckpointMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  authCacheMs: number;
  apiRateLimit: number;
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  metricsToken: string | undefined;
  /** Days monitoring keeps raw check results (monitor/result-days.ts). */
  monitorResultDays: number;
  /** Where the inbound SMTP receiver listens; undefined: none. */
  smtpListen: { host: string; port: number } | undefined;
  smtpMaxBytes: number;
  /** Domain of inbound addresses (reply+, desk+, backup+). */
  mailDomain: string;
  /** A mailbox polled for inbound mail; undefined: none. */
  imap: ImapMailbox | undefined;
  imapPollMinutes: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** A URL's password masked, so a bad value's error line (printed, logged) does not carry it. */
const withoutPassword = (raw: string | undefined) =>
  raw?.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^@/]*@/i, '$1***@');

function read<K extends ConfigVariable>(
  env: NodeJS.ProcessEnv,
  name: K,
): z.output<(typeof configVariables)[K]['schema']> {
  const spec = configVariables[name];
  const raw = env[name] === '' ? undefined : env[name];
  const value = raw ?? spec.default;
  const result = (spec.schema as z.ZodType).safeParse(value);
  if (!result.success) {
    const problem = result.error.issues[0]?.message ?? 'invalid value';
    throw new ConfigError(name, `${problem} (got ${JSON.stringify(withoutPassword(raw))})`);
  }
  return result.data as z.output<(typeof configVariables)[K]['schema']>;
}

/** The domain of an address such as "Tandem <tandem@example.org>". */
export function domainOf(address: string): string {
  return (/@([^@\s<>]+)>?$/.exec(address)?.[1] ?? 'localhost').toLowerCase();
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const webDir = read(env, 'TANDEM_WEB_DIR');
  const keyFile = read(env, 'TANDEM_ENCRYPTION_KEY_FILE');
  const auditKeyFile = read(env, 'TANDEM_AUDIT_KEY_FILE');
  return {
    port: read(env, 'TANDEM_PORT'),
    host: read(env, 'TANDEM_HOST'),
    dataDir: path.resolve(cwd, read(env, 'TANDEM_DATA_DIR')),
    databaseUrl: read(env, 'DATABASE_URL'),
    dbPoolMax: read(env, 'TANDEM_DB_POOL_MAX'),
    logLevel: read(env, 'TANDEM_LOG_LEVEL'),
    logFormat: read(env, 'TANDEM_LOG_FORMAT'),
    bodyLimit: read(env, 'TANDEM_BODY_LIMIT'),
    attachmentLimit: read(env, 'TANDEM_ATTACHMENT_LIMIT'),
    shutdownTimeoutMs: read(env, 'TANDEM_SHUTDOWN_TIMEOUT_MS'),
    trustProxy: read(env, 'TANDEM_TRUST_PROXY'),
    webDir: webDir ? path.resolve(cwd, webDir) : undefined,
    encryptionKey: read(env, 'TANDEM_ENCRYPTION_KEY'),
    encryptionKeyFile: keyFile ? path.resolve(cwd, keyFile) : undefined,
    auditKey: read(env, 'TANDEM_AUDIT_KEY'),
    auditKeyFile: auditKeyFile ? path.resolve(cwd, auditKeyFile) : undefined,
    auditCheckpointMinutes: read(env, 'TANDEM_AUDIT_CHECKPOINT_MINUTES'),
    sessionIdleMinutes: read(env, 'TANDEM_SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: read(env, 'TANDEM_SESSION_ABSOLUTE_HOURS'),
    authCacheMs: read(env, 'TANDEM_AUTH_CACHE_MS'),
    apiRateLimit: read(env, 'TANDEM_API_RATE_LIMIT'),
    publicUrl: read(env, 'TANDEM_PUBLIC_URL')?.replace(/\/$/, ''),
    smtpUrl: read(env, 'TANDEM_SMTP_URL'),
    mailFrom: read(env, 'TANDEM_MAIL_FROM'),
    metricsToken: read(env, 'TANDEM_METRICS_TOKEN'),
    monitorResultDays: read(env, 'TANDEM_MONITOR_RESULT_DAYS'),
    smtpListen: read(env, 'TANDEM_SMTP_LISTEN'),
    smtpMaxBytes: read(env, 'TANDEM_SMTP_MAX_BYTES'),
    mailDomain: read(env, 'TANDEM_MAIL_DOMAIN') ?? domainOf(read(env, 'TANDEM_MAIL_FROM')),
    imap: read(env, 'TANDEM_IMAP_URL'),
    imapPollMinutes: read(env, 'TANDEM_IMAP_POLL_MINUTES'),
  };
}
