import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig, parseByteSize } from './config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({}, '/srv/tandem');
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/tandem/data',
      databaseUrl: undefined,
      dbPoolMax: 10,
      logLevel: 'info',
      logFormat: 'auto',
      bodyLimit: 1024 * 1024,
      attachmentLimit: 10 * 1024 * 1024,
      shutdownTimeoutMs: 10_000,
      trustProxy: [],
      webDir: undefined,
      encryptionKey: undefined,
      encryptionKeyFile: undefined,
      auditKey: undefined,
      auditKeyFile: undefined,
      auditCheckpointMinutes: 10,
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 12,
      authCacheMs: 2000,
      apiRateLimit: 1200,
      publicUrl: undefined,
      smtpUrl: undefined,
      mailFrom: 'Tandem <tandem@localhost>',
      monitorResultDays: 31,
      smtpListen: undefined,
      smtpMaxBytes: 10 * 1024 * 1024,
      mailDomain: 'localhost',
      imap: undefined,
      imapPollMinutes: 1,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        TANDEM_PORT: '9000',
        TANDEM_HOST: '0.0.0.0',
        TANDEM_DATA_DIR: '/var/lib/tandem',
        DATABASE_URL: 'postgresql://u:p@db:5432/tandem',
        TANDEM_DB_POOL_MAX: '25',
        TANDEM_LOG_LEVEL: 'debug',
        TANDEM_LOG_FORMAT: 'json',
        TANDEM_BODY_LIMIT: '2mb',
        TANDEM_ATTACHMENT_LIMIT: '5mb',
        TANDEM_SHUTDOWN_TIMEOUT_MS: '5000',
        TANDEM_TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,fd00::/64,loopback',
        TANDEM_WEB_DIR: 'public',
        TANDEM_SMTP_LISTEN: '[::1]:2525',
        TANDEM_MAIL_FROM: 'Desk <desk@Alder.example>',
        TANDEM_IMAP_URL: 'imaps://desk%40alder.example:p%2Fss@mail.alder.example/Tandem%20in',
        TANDEM_IMAP_POLL_MINUTES: '5',
      },
      '/app',
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/tandem',
      dbPoolMax: 25,
      logLevel: 'debug',
      logFormat: 'json',
      bodyLimit: 2 * 1024 * 1024,
      attachmentLimit: 5 * 1024 * 1024,
      trustProxy: ['10.0.0.5', '10.0.1.0/24', 'fd00::/64', 'loopback'],
      webDir: '/app/public',
      smtpListen: { host: '::1', port: 2525 },
      mailDomain: 'alder.example',
      imap: {
        secure: true,
        host: 'mail.alder.example',
        port: 993,
        user: 'desk@alder.example',
        password: 'p/ss',
        mailbox: 'Tandem in',
      },
      imapPollMinutes: 5,
    });
    expect(loadConfig({ TANDEM_IMAP_URL: 'imap://u:p@127.0.0.1:1143' }).imap).toEqual({
      secure: false,
      host: '127.0.0.1',
      port: 1143,
      user: 'u',
      password: 'p',
      mailbox: 'INBOX',
    });
  });

  it.each([
    ['TANDEM_PORT', '70000', 'expected at most 65535'],
    ['TANDEM_PORT', '80a', 'expected a whole number'],
    ['TANDEM_LOG_LEVEL', 'loud', 'expected one of'],
    ['TANDEM_LOG_FORMAT', 'yaml', 'expected auto, json or pretty'],
    ['TANDEM_BODY_LIMIT', '12 parsecs', 'expected a size'],
    ['DATABASE_URL', 'mysql://x', 'expected a postgres://'],
    ['TANDEM_TRUST_PROXY', 'maybe', 'expected false or IP addresses'],
    ['TANDEM_TRUST_PROXY', 'true', 'true would believe X-Forwarded-For from any client; list the proxy addresses'],
    ['TANDEM_TRUST_PROXY', '10.0.0.0/33', 'expected false or IP addresses'],
    ['TANDEM_TRUST_PROXY', '10.0.0.5,10.0.0.256', 'expected false or IP addresses'],
    ['TANDEM_TRUST_PROXY', '0.0.0.0/0', 'expected false or IP addresses'],
    ['TANDEM_TRUST_PROXY', 'fd00::/129', 'expected false or IP addresses'],
    ['TANDEM_SMTP_LISTEN', '2525', 'expected host:port'],
    ['TANDEM_SMTP_LISTEN', '127.0.0.1:99999', 'expected host:port'],
    ['TANDEM_MAIL_DOMAIN', 'not a domain', 'expected a domain name'],
    [
      'TANDEM_IMAP_URL',
      'imaps://mail.example.org/INBOX',
      'expected an imaps:// or imap:// URL with a user and password',
    ],
    ['TANDEM_IMAP_POLL_MINUTES', '0', 'expected at least 1'],
  ])('rejects %s=%s naming the variable', (name, value, problem) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as Error).message).toMatch(new RegExp(`^${name}: ${problem}`));
      expect((err as Error).message).toContain(JSON.stringify(value));
    }
  });

  it("masks a URL's password in the error line, which is printed at start-up", () => {
    const bad = () => loadConfig({ TANDEM_IMAP_URL: 'pop3://desk:hunter2-secret@mail.example.org' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow('pop3://desk:***@mail.example.org');
    try {
      bad();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('parses byte sizes', () => {
    expect(parseByteSize('1048576')).toBe(1048576);
    expect(parseByteSize('512kb')).toBe(524288);
    expect(parseByteSize('1.5MiB')).toBe(1572864);
    expect(parseByteSize('lots')).toBeUndefined();
  });

  it('has a README row for every variable, and no row for a variable that does not exist', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(configVariables).sort());
  });
});
