/**
 * Links Tandem hands out, without TANDEM_PUBLIC_URL, name the address the server really listens
 * on: a server started on port 0 (tests, `--port 0`) once emailed links to 127.0.0.1:0, because
 * the link base was read from the configuration before listening. A real `startServer` on a copy
 * of the set-up practice's data folder (embedded engine; the bug was in start-up, not in SQL).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { IntakeReceipt } from '../../src/desk/intake-schema.ts';
import { linkBase } from '../../src/server/mail-in.ts';
import { startServer, type Running } from '../../src/server/serve.ts';
import { practiceDataFolder } from '../support/data-folder.ts';

describe('links from a server on port 0', () => {
  let dir: string;
  let config: Config;
  let running: Running;
  const formId = 'linkstestformabcdefg';

  beforeAll(async () => {
    dir = practiceDataFolder('tandem-links-');
    config = loadConfig({ TANDEM_PORT: '0', TANDEM_DATA_DIR: dir, TANDEM_LOG_LEVEL: 'silent' });
    running = await startServer(config);
    const [practice] = await running.database.query<{ id: string }>(`select id from practices limit 1`);
    await running.database.query(
      `insert into desk_settings (practice_id, intake_enabled, intake_form_id, updated_at)
       values ($1, true, $2, now())
       on conflict (practice_id) do update set intake_enabled = true, intake_form_id = $2`,
      [practice!.id, formId],
    );
  });
  afterAll(async () => {
    await running?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the patient a follow link on the port the server listens on', async () => {
    const port = Number(new URL(running.url).port);
    expect(port).toBeGreaterThan(0);
    expect(linkBase(config)).toBe(running.url);
    const res = await fetch(`${running.url}/api/v1/intake-forms/${formId}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Jane Roe', phone: '555 0100', request: 'Please call me back.' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const receipt = (await res.json()) as IntakeReceipt;
    expect(receipt.followUrl.startsWith(`http://127.0.0.1:${port}/follow#token=`)).toBe(true);
  });
});
