/**
 * vitest setup file: every test process appends with the same audit key, as `tandem serve` would
 * after loading it. Tests that spawn tandem processes pass the same key (testAuditKey).
 */
import { auditKeysFrom, useAuditKeys } from '../../src/core/audit/key.ts';

export const testAuditKeyBytes = Buffer.alloc(32, 0xa5);
/** TANDEM_AUDIT_KEY for spawned processes. */
export const testAuditKey = `t1:${testAuditKeyBytes.toString('base64')}`;

useAuditKeys(auditKeysFrom({ currentId: 't1', keys: new Map([['t1', testAuditKeyBytes]]) }));
