import { sql, type SQL } from 'drizzle-orm';
import { foldedText } from '../core/db/folded-text.ts';
import { boolean, check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { practices } from '../core/tenancy/tables.ts';
import type { DeviceField, DeviceKind, Fact, TriState } from './schema.ts';

/**
 * A practice's device: its facts as columns (filtered and indexed for the risk views), and in
 * `sources`, per fact, where its current value came from (manual, csv, agent) and when. The
 * changes themselves are in the audit log. `os_support_ends` is derived from `os` when it is
 * written (os-support.ts), so "unsupported operating system" is a date comparison.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    kind: text('kind').$type<DeviceKind>().notNull(),
    name: text('name').notNull(),
    site: text('site'),
    /**
     * The site folded for matching (core/db/folded-text.ts), kept by PostgreSQL on every write, so
     * "Main St" and "main st " are one site to the monitoring's site windows and the site lists.
     */
    siteKey: text('site_key').generatedAlwaysAs((): SQL => foldedText(devices.site)),
    room: text('room'),
    owner: text('owner'),
    activity: text('activity'),
    vendor: text('vendor'),
    model: text('model'),
    serial: text('serial'),
    purchaseDate: date('purchase_date', { mode: 'string' }),
    warrantyEnd: date('warranty_end', { mode: 'string' }),
    endOfLife: date('end_of_life', { mode: 'string' }),
    os: text('os'),
    osVersion: text('os_version'),
    osSupportEnds: date('os_support_ends', { mode: 'string' }),
    diskEncryption: text('disk_encryption').$type<TriState>().notNull(),
    endpointProtection: text('endpoint_protection').$type<TriState>().notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    storesPatientData: boolean('stores_patient_data').notNull(),
    sources: jsonb('sources').$type<Partial<Record<DeviceField, Fact>>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('devices_practice_created_idx').on(t.practiceId, t.createdAt, t.id),
    uniqueIndex('devices_practice_serial_idx')
      .on(t.practiceId, t.serial)
      .where(sql`${t.serial} is not null`),
    index('devices_practice_name_idx').on(t.practiceId, t.name),
    // The CSV import and the agent match host names without case.
    index('devices_practice_lower_name_idx').on(t.practiceId, sql`lower(${t.name})`),
    check(
      'devices_kind_known',
      sql`${t.kind} in ('workstation', 'laptop', 'server', 'network', 'tablet', 'label_printer', 'scanner', 'fax', 'signature_pad', 'dental_sensor', 'eprescribing_token', 'other')`,
    ),
    check('devices_disk_encryption_known', sql`${t.diskEncryption} in ('yes', 'no', 'unknown')`),
    check('devices_endpoint_protection_known', sql`${t.endpointProtection} in ('yes', 'no', 'unknown')`),
  ],
);
