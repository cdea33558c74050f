/**
 * The audit key: HMAC-SHA256 key of the audit chain and its checkpoints, its own key (not the PHI
 * encryption key), kept where the encryption key is kept and never in the database.
 *
 * Where it comes from, first match wins: TANDEM_AUDIT_KEY (`id:base64key`, comma-separated, newest
 * first), the key file TANDEM_AUDIT_KEY_FILE, and in embedded mode only <data dir>/audit-keys.json,
 * generated on first start (mode 0600). With DATABASE_URL the operator must provide it, as every
 * server sharing the database must use the same key.
 *
 * Rotation: put a new key first (it signs new entries and checkpoints) and keep the old ones
 * listed: each keyed entry and checkpoint names its key id, and verification needs every key
 * that signed something still in the log.
 *
 * A process holds one audit keyring (useAuditKeys), loaded at start by `tandem serve` and by the
 * CLI commands that append or verify: appendAudit is called from many places with only a
 * transaction in hand, and one process serves one deployment.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from '../config.ts';
import { createKeyFile, parseKeyList, readKeyFile, type Keyring } from '../crypto/keyring.ts';
import { AuditMac } from './mac.ts';

export const defaultAuditKeyFileName = 'audit-keys.json';

export interface AuditKeys {
  /** Id of the key new entries and checkpoints are signed with. */
  currentId: string;
  /** Every key by id, as a MAC ready to use. */
  macs: ReadonlyMap<string, AuditMac>;
}

export function auditKeysFrom(keyring: Keyring): AuditKeys {
  const macs = new Map<string, AuditMac>();
  for (const [id, key] of keyring.keys) macs.set(id, new AuditMac(key));
  return { currentId: keyring.currentId, macs };
}

export function currentMac(keys: AuditKeys): AuditMac {
  const mac = keys.macs.get(keys.currentId);
  if (!mac) throw new Error(`audit key ${keys.currentId} is missing`);
  return mac;
}

export function loadAuditKeys(config: Config, mode: 'embedded' | 'postgres', log: (line: string) => void): AuditKeys {
  if (config.auditKey) return auditKeysFrom(parseKeyList(config.auditKey, 'TANDEM_AUDIT_KEY', 'HMAC-SHA256'));
  if (config.auditKeyFile) return auditKeysFrom(readKeyFile(config.auditKeyFile, 'TANDEM_AUDIT_KEY_FILE'));
  if (mode === 'postgres')
    throw new ConfigError(
      'TANDEM_AUDIT_KEY',
      'required with DATABASE_URL (or set TANDEM_AUDIT_KEY_FILE); e.g. a1:<32 bytes of base64>, generate one with: openssl rand -base64 32',
    );
  const file = path.join(config.dataDir, defaultAuditKeyFileName);
  if (!existsSync(file) && createKeyFile(file))
    log(
      `Generated the audit chain key in ${file} (mode 0600). Back it up apart from the database: the audit log cannot be verified without it.`,
    );
  if ((statSync(file).mode & 0o077) !== 0) log(`Warning: ${file} is readable by other users; chmod 600 it.`);
  return auditKeysFrom(readKeyFile(file, 'TANDEM_DATA_DIR'));
}

let processKeys: AuditKeys | undefined;

/** Sets the audit keys this process appends with (tandem serve, the CLI, the tests' setup file). */
export function useAuditKeys(keys: AuditKeys | undefined): void {
  processKeys = keys;
}

export function auditKeys(): AuditKeys {
  if (!processKeys)
    throw new Error('the audit key is not loaded (loadAuditKeys and useAuditKeys at start): refusing an unkeyed entry');
  return processKeys;
}
