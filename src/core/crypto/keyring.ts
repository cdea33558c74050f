/**
 * The keys for PHI field encryption. Every stored value names the key it was encrypted under, so
 * the keyring holds the current key (used for new values) and every older key still needed to
 * read values that `tandem keys rotate` has not re-encrypted yet.
 *
 * Where keys come from, first match wins: TANDEM_ENCRYPTION_KEY (`id:base64key`, comma-separated,
 * newest first), the key file TANDEM_ENCRYPTION_KEY_FILE, and in embedded mode only the file
 * <data dir>/encryption-keys.json, generated on first start. A PostgreSQL deployment has several
 * servers sharing one database, so a key generated on one machine would strand the others: there
 * the operator must provide it.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type Config } from '../config.ts';

export interface Keyring {
  /** Id of the key new values are encrypted under. */
  currentId: string;
  keys: Map<string, Buffer>;
}

export const keyBytes = 32;
export const defaultKeyFileName = 'encryption-keys.json';
/** Key ids end up inside every stored value (`enc:v1:<id>:...`), so no colons and nothing odd. */
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;
const generateHint = 'generate one with: openssl rand -base64 32';

const keyFileSchema = z.strictObject({
  current: z.string(),
  keys: z.record(z.string(), z.string()),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

/** Decodes one base64 key, refusing anything but exactly 32 bytes. Never echoes the key. */
function decodeKey(variable: string, id: string, encoded: string, use = 'AES-256'): Buffer {
  if (!keyIdPattern.test(id))
    throw new ConfigError(variable, `key id ${JSON.stringify(id)} must be 1 to 32 letters, digits, "-" or "_"`);
  const key = base64Pattern.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
  if (!key) throw new ConfigError(variable, `key "${id}" is not valid base64 (${generateHint})`);
  if (key.length !== keyBytes)
    throw new ConfigError(variable, `key "${id}" is ${key.length} bytes; ${use} needs ${keyBytes} (${generateHint})`);
  return key;
}

/**
 * Parses TANDEM_ENCRYPTION_KEY (or another list of the same form, such as TANDEM_AUDIT_KEY):
 * `id:base64key[,id:base64key...]`, newest (current) first.
 */
export function parseKeyList(raw: string, variable = 'TANDEM_ENCRYPTION_KEY', use = 'AES-256'): Keyring {
  const keys = new Map<string, Buffer>();
  for (const part of raw.split(',').map((p) => p.trim())) {
    const colon = part.indexOf(':');
    if (colon < 1)
      throw new ConfigError(variable, `expected id:base64key entries separated by commas (${generateHint})`);
    const id = part.slice(0, colon);
    if (keys.has(id)) throw new ConfigError(variable, `key id "${id}" appears twice`);
    keys.set(id, decodeKey(variable, id, part.slice(colon + 1).trim(), use));
  }
  const currentId = keys.keys().next().value;
  if (currentId === undefined) throw new ConfigError(variable, 'no key given');
  return { currentId, keys };
}

function keyringFromFile(variable: string, file: string, content: unknown): Keyring {
  const parsed = keyFileSchema.safeParse(content);
  if (!parsed.success)
    throw new ConfigError(variable, `${file}: expected {"current": "<id>", "keys": {"<id>": "<base64 key>"}}`);
  const keys = new Map<string, Buffer>();
  for (const [id, encoded] of Object.entries(parsed.data.keys)) keys.set(id, decodeKey(variable, id, encoded));
  if (!keys.has(parsed.data.current))
    throw new ConfigError(variable, `${file}: the current key "${parsed.data.current}" is not among its keys`);
  return { currentId: parsed.data.current, keys };
}

export function readKeyFile(file: string, variable = 'TANDEM_ENCRYPTION_KEY_FILE'): Keyring {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(variable, `cannot read ${file} (${code})`);
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw new ConfigError(variable, `${file} is not valid JSON`);
  }
  return keyringFromFile(variable, file, content);
}

function toKeyFile(keyring: Keyring): KeyFile {
  const keys: Record<string, string> = {};
  for (const [id, key] of keyring.keys) keys[id] = key.toString('base64');
  return { current: keyring.currentId, keys };
}

/** A private temporary file beside the target, so a rename or link onto it is atomic. */
function writePrivateTemp(file: string, keyring: Keyring): string {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temp, `${JSON.stringify(toKeyFile(keyring), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return temp;
}

/**
 * Creates the key file unless it exists. link() fails when the target exists, so two processes
 * starting at once cannot both generate a key and have one of them encrypt under a key the
 * file does not keep.
 */
export function createKeyFile(file: string): boolean {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = writePrivateTemp(file, { currentId: 'k1', keys: new Map([['k1', randomBytes(keyBytes)]]) });
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

function nextKeyId(keyring: Keyring): string {
  const numbers = [...keyring.keys.keys()].map((id) => /^k(\d+)$/.exec(id)?.[1]).filter((n) => n !== undefined);
  let next = Math.max(0, ...numbers.map(Number)) + 1;
  while (keyring.keys.has(`k${next}`)) next += 1;
  return `k${next}`;
}

/**
 * Rotation in embedded mode: adds a fresh key to the key file and makes it current, keeping the
 * old keys, which stay needed until every value has been re-encrypted. Returns the new keyring.
 */
export function addKeyToFile(file: string): Keyring {
  const keyring = readKeyFile(file);
  const id = nextKeyId(keyring);
  const keys = new Map([[id, randomBytes(keyBytes)], ...keyring.keys]);
  const next = { currentId: id, keys };
  renameSync(writePrivateTemp(file, next), file);
  return next;
}

export function defaultKeyFile(config: Config): string {
  return path.join(config.dataDir, defaultKeyFileName);
}

export function loadKeyring(config: Config, mode: 'embedded' | 'postgres', log: (line: string) => void): Keyring {
  if (config.encryptionKey) return parseKeyList(config.encryptionKey);
  if (config.encryptionKeyFile) return readKeyFile(config.encryptionKeyFile);
  if (mode === 'postgres')
    throw new ConfigError(
      'TANDEM_ENCRYPTION_KEY',
      `required with DATABASE_URL (or set TANDEM_ENCRYPTION_KEY_FILE); e.g. k1:<32 bytes of base64>, ${generateHint}`,
    );
  const file = defaultKeyFile(config);
  if (!existsSync(file) && createKeyFile(file))
    log(`Generated a PHI encryption key in ${file} (mode 0600). Back it up: encrypted data cannot be read without it.`);
  // Keys are as sensitive as the data: say so when someone loosened the file's permissions.
  if ((statSync(file).mode & 0o077) !== 0) log(`Warning: ${file} is readable by other users; chmod 600 it.`);
  return readKeyFile(file, 'TANDEM_DATA_DIR');
}

/**
 * Puts `next` in force in a keyring that request handlers already hold (a rotation run through
 * the server, src/cli/local-admin.ts). Keys first, then the current id, so a value encrypted
 * under the new key can always be read.
 */
export function replaceKeys(live: Keyring, next: Keyring): void {
  for (const [id, key] of next.keys) live.keys.set(id, key);
  live.currentId = next.currentId;
}
