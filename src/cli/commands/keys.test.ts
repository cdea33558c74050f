import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { rotationLines, statusLines, columnStatuses } from '../../../test/support/encrypted-column-status.ts';
import { loadConfig } from '../../core/config.ts';
import { encryptField } from '../../core/crypto/field-encryption.ts';
import { readKeyFile, type Keyring } from '../../core/crypto/keyring.ts';
import { newId } from '../../core/ids.ts';
import type { Output } from '../io.ts';
import { rotationKeyring, runKeysRotate, runKeysStatus } from './keys.ts';

function buffer(isTTY = false): Output & { text: () => string } {
  let text = '';
  return { isTTY, write: (chunk: string) => (text += chunk), text: () => text };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-keys-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const envKey = `k7:${Buffer.alloc(32, 7).toString('base64')}`;

describe('rotationKeyring', () => {
  it('adds a key to the embedded key file, creating the file first when missing', () => {
    const lines: string[] = [];
    const keyring = rotationKeyring(loadConfig({ TANDEM_DATA_DIR: dataDir }), 'embedded', (line) => lines.push(line));
    const file = path.join(dataDir, 'encryption-keys.json');
    expect(keyring.currentId).toBe('k2');
    expect([...readKeyFile(file).keys.keys()]).toEqual(['k2', 'k1']);
    expect(lines).toEqual([
      expect.stringContaining('Generated a PHI encryption key'),
      `Added key k2 to ${file} as the current key; older keys stay for reading.`,
    ]);
  });

  it('leaves keys the operator supplies alone', () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'tandem-keys-cli-'));
    try {
      const fromEnv = rotationKeyring(
        loadConfig({ TANDEM_DATA_DIR: other, TANDEM_ENCRYPTION_KEY: envKey }),
        'embedded',
        () => undefined,
      );
      expect([fromEnv.currentId, existsSync(path.join(other, 'encryption-keys.json'))]).toEqual(['k7', false]);
      expect(
        rotationKeyring(
          loadConfig({ TANDEM_DATA_DIR: other, TANDEM_ENCRYPTION_KEY: envKey }),
          'postgres',
          () => undefined,
        ).currentId,
      ).toBe('k7');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describeEachEngine('tandem keys', (db) => {
  const old: Keyring = { currentId: 'k1', keys: new Map([['k1', Buffer.alloc(32, 1)]]) };
  const next: Keyring = {
    currentId: 'k2',
    keys: new Map([
      ['k2', Buffer.alloc(32, 2)],
      ['k1', Buffer.alloc(32, 1)],
    ]),
  };

  beforeAll(async () => {
    const org = newId();
    await db().query(`insert into organizations (id, name, kind) values ($1, 'Org', 'practice')`, [org]);
    for (const secret of [encryptField(old, 'A'), encryptField(old, 'B'), null])
      await db().query(
        'insert into users (id, organization_id, email, display_name, mfa_secret) values ($1, $2, $3, $4, $5)',
        [newId(), org, `${newId()}@example.org`, 'U', secret],
      );
  });

  it('reports values per key, then rotates them and says which keys are unused', async () => {
    const status = buffer();
    await runKeysStatus(db(), next, {}, status);
    expect(status.text()).toBe(
      `Current key: k2 (keyring: k2, k1)
${statusLines({ 'users.mfa_secret': 'k1: 2, ' })}`,
    );
    const out = buffer();
    const err = buffer(true);
    // A clock a second further on at every reading, so the bar draws every batch of one value.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
    let result;
    try {
      result = await runKeysRotate(db(), next, { batchSize: 1 }, out, err);
    } finally {
      clock.mockRestore();
    }
    expect(result).toMatchObject({ reencrypted: 2, remaining: 0 });
    // Two values to re-encrypt (both under k1), one a batch: half, then all, then the line cleared.
    expect(err.text()).toMatch(
      // eslint-disable-next-line no-control-regex -- the bar's frames are made of control characters
      /^\rrotating \[#{15}\.{15}\] 50% \(\d+s elapsed, \d+s left\)\x1b\[K\rrotating \[#{30}\] 100% \(\d+s elapsed, 0s left\)\x1b\[K\r\x1b\[K$/,
    );
    expect(out.text()).toBe(
      `${rotationLines({ 'users.mfa_secret': 2 })}Re-encrypted 2 values under key k2.\nNo value uses k1 any more; remove them once no backup you may restore needs them.\n`,
    );
    const json = buffer();
    await runKeysStatus(db(), next, { json: true }, json);
    expect(JSON.parse(json.text())).toEqual({
      currentKeyId: 'k2',
      keyIds: ['k2', 'k1'],
      columns: columnStatuses({ 'users.mfa_secret': { byKey: { k2: 2 } } }),
    });
  });
});
