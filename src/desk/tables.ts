import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../core/identity/tables.ts';
import { practices } from '../core/tenancy/tables.ts';

/**
 * Patients the patient desk works with: how to reach them about their portal, telehealth or
 * billing-system requests. Every field about the patient is PHI and is stored encrypted
 * (core/crypto, AES-256-GCM, tagged with its key id); nothing here is searchable in plain text.
 */
export const patientContacts = pgTable(
  'patient_contacts',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('patient_contacts_practice_created_idx').on(t.practiceId, t.createdAt)],
);
