import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { addKeyToFile, loadKeyring, parseKeyList, readKeyFile } from './keyring.ts';

const key32 = Buffer.alloc(32, 7).toString('base64');
const key16 = Buffer.alloc(16, 7).toString('base64');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-keys-'));
  dirs.push(dir);
  return dir;
}

function config(env: Record<string, string>) {
  return loadConfig({ TANDEM_DATA_DIR: tempDir(), ...env }, '/');
}

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadKeyring', () => {
  it('takes TANDEM_ENCRYPTION_KEY first, newest key current, over a key file', () => {
    const keyFile = path.join(tempDir(), 'keys.json');
    writeFileSync(keyFile, JSON.stringify({ current: 'f1', keys: { f1: key32 } }));
    const keyring = loadKeyring(
      config({
        TANDEM_ENCRYPTION_KEY: `k2:${key32}, k1:${Buffer.alloc(32, 1).toString('base64')}`,
        TANDEM_ENCRYPTION_KEY_FILE: keyFile,
      }),
      'postgres',
      () => undefined,
    );
    expect(keyring.currentId).toBe('k2');
    expect([...keyring.keys.keys()]).toEqual(['k2', 'k1']);
    expect(keyring.keys.get('k1')).toEqual(Buffer.alloc(32, 1));
  });

  it('reads a key file when no key is in the environment', () => {
    const keyFile = path.join(tempDir(), 'keys.json');
    writeFileSync(
      keyFile,
      JSON.stringify({ current: 'k2', keys: { k1: Buffer.alloc(32, 1).toString('base64'), k2: key32 } }),
    );
    const keyring = loadKeyring(config({ TANDEM_ENCRYPTION_KEY_FILE: keyFile }), 'postgres', () => undefined);
    expect(keyring.currentId).toBe('k2');
    expect(keyring.keys.get('k2')).toEqual(Buffer.alloc(32, 7));
  });

  it('generates a 0600 key file once in embedded mode and says so once', () => {
    const cfg = config({});
    const lines: string[] = [];
    const first = loadKeyring(cfg, 'embedded', (line) => lines.push(line));
    const file = path.join(cfg.dataDir, 'encryption-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines).toEqual([expect.stringContaining(`Generated a PHI encryption key in ${file}`)]);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.current).toBe('k1');
    expect(Buffer.from(stored.keys.k1, 'base64')).toHaveLength(32);
    const second = loadKeyring(cfg, 'embedded', (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    expect(second.keys.get('k1')).toEqual(first.keys.get('k1'));
  });

  it('requires a key in PostgreSQL mode', () => {
    const err = configErrorOf(() => loadKeyring(config({}), 'postgres', () => undefined));
    expect(err.variable).toBe('TANDEM_ENCRYPTION_KEY');
    expect(err.message).toContain('required with DATABASE_URL');
  });

  it('warns when the generated key file is readable by others', () => {
    const cfg = config({});
    loadKeyring(cfg, 'embedded', () => undefined);
    chmodSync(path.join(cfg.dataDir, 'encryption-keys.json'), 0o644);
    const lines: string[] = [];
    loadKeyring(cfg, 'embedded', (line) => lines.push(line));
    expect(lines).toEqual([expect.stringContaining('readable by other users')]);
  });
});

describe('key validation', () => {
  it('names the variable and the key, never the key material', () => {
    const short = configErrorOf(() => parseKeyList(`k1:${key16}`));
    expect(short.variable).toBe('TANDEM_ENCRYPTION_KEY');
    expect(short.message).toBe(
      'TANDEM_ENCRYPTION_KEY: key "k1" is 16 bytes; AES-256 needs 32 (generate one with: openssl rand -base64 32)',
    );
    expect(short.message).not.toContain(key16);
    expect(configErrorOf(() => parseKeyList(key32)).message).toContain('expected id:base64key');
    expect(configErrorOf(() => parseKeyList(`k1:not base64!`)).message).toContain('key "k1" is not valid base64');
    expect(configErrorOf(() => parseKeyList(`k1:${key32},k1:${key32}`)).message).toContain('key id "k1" appears twice');
    expect(configErrorOf(() => parseKeyList(`my.key:${key32}`)).message).toContain('key id "my.key" must be');
  });

  it('checks the key file shape and its current key', () => {
    const file = path.join(tempDir(), 'keys.json');
    writeFileSync(file, '{"current": "k2", "keys": {"k1": "' + key32 + '"}}');
    expect(configErrorOf(() => readKeyFile(file)).message).toBe(
      `TANDEM_ENCRYPTION_KEY_FILE: ${file}: the current key "k2" is not among its keys`,
    );
    writeFileSync(file, '{"keys": {}}');
    expect(configErrorOf(() => readKeyFile(file)).message).toContain('expected {"current"');
    writeFileSync(file, 'nope');
    expect(configErrorOf(() => readKeyFile(file)).message).toContain('is not valid JSON');
    expect(configErrorOf(() => readKeyFile(path.join(path.dirname(file), 'missing.json'))).message).toContain(
      '(ENOENT)',
    );
  });
});

describe('addKeyToFile', () => {
  it('adds a new current key and keeps the old ones, still 0600', () => {
    const file = path.join(tempDir(), 'keys.json');
    writeFileSync(file, JSON.stringify({ current: 'k1', keys: { k1: key32 } }), { mode: 0o600 });
    const keyring = addKeyToFile(file);
    expect(keyring.currentId).toBe('k2');
    expect(readKeyFile(file).currentId).toBe('k2');
    expect(readKeyFile(file).keys.get('k1')).toEqual(Buffer.alloc(32, 7));
    expect(keyring.keys.get('k2')).toHaveLength(32);
    expect(keyring.keys.get('k2')).not.toEqual(keyring.keys.get('k1'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(addKeyToFile(file).currentId).toBe('k3');
  });
});
