import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.ts';
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
      'Current key: k2 (keyring: k2, k1)\nusers.mfa_secret: k1: 2, unencrypted: 0\nusers.mfa_pending_secret: unencrypted: 0\npatient_contacts.name: unencrypted: 0\npatient_contacts.phone: unencrypted: 0\npatient_contacts.email: unencrypted: 0\npatient_contacts.note: unencrypted: 0\ntickets.title: unencrypted: 0\ntickets.description: unencrypted: 0\ntickets.triage_reason: unencrypted: 0\nticket_events.body: unencrypted: 0\nticket_events.sealed_text: unencrypted: 0\nwebhooks.secret: unencrypted: 0\nwebhooks.previous_secret: unencrypted: 0\n',
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
      'users.mfa_secret: 2 re-encrypted\nusers.mfa_pending_secret: 0 re-encrypted\npatient_contacts.name: 0 re-encrypted\npatient_contacts.phone: 0 re-encrypted\npatient_contacts.email: 0 re-encrypted\npatient_contacts.note: 0 re-encrypted\ntickets.title: 0 re-encrypted\ntickets.description: 0 re-encrypted\ntickets.triage_reason: 0 re-encrypted\nticket_events.body: 0 re-encrypted\nticket_events.sealed_text: 0 re-encrypted\nwebhooks.secret: 0 re-encrypted\nwebhooks.previous_secret: 0 re-encrypted\nRe-encrypted 2 values under key k2.\nNo value uses k1 any more; remove them once no backup you may restore needs them.\n',
    );
    const json = buffer();
    await runKeysStatus(db(), next, { json: true }, json);
    expect(JSON.parse(json.text())).toEqual({
      currentKeyId: 'k2',
      keyIds: ['k2', 'k1'],
      columns: [
        { table: 'users', column: 'mfa_secret', byKey: { k2: 2 }, unencrypted: 0 },
        { table: 'users', column: 'mfa_pending_secret', byKey: {}, unencrypted: 0 },
        ...['name', 'phone', 'email', 'note'].map((column) => ({
          table: 'patient_contacts',
          column,
          byKey: {},
          unencrypted: 0,
        })),
        { table: 'tickets', column: 'title', byKey: {}, unencrypted: 0 },
        { table: 'tickets', column: 'description', byKey: {}, unencrypted: 0 },
        { table: 'tickets', column: 'triage_reason', byKey: {}, unencrypted: 0 },
        { table: 'ticket_events', column: 'body', byKey: {}, unencrypted: 0 },
        { table: 'ticket_events', column: 'sealed_text', byKey: {}, unencrypted: 0 },
        { table: 'webhooks', column: 'secret', byKey: {}, unencrypted: 0 },
        { table: 'webhooks', column: 'previous_secret', byKey: {}, unencrypted: 0 },
      ],
    });
  });
});
