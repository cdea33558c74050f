/**
 * Every database column that holds values encrypted with core/crypto, so `tandem keys rotate`
 * and `tandem keys status` can find them. Plain data on purpose: core imports no domain module,
 * so a module that encrypts a column adds a line here (a test checks each column exists).
 */
export interface EncryptedColumn {
  table: string;
  /** The table's primary key column (one column). */
  idColumn: string;
  column: string;
}

export const encryptedColumns: readonly EncryptedColumn[] = [
  { table: 'users', idColumn: 'id', column: 'mfa_secret' },
  { table: 'users', idColumn: 'id', column: 'mfa_pending_secret' },
  { table: 'patient_contacts', idColumn: 'id', column: 'name' },
  { table: 'patient_contacts', idColumn: 'id', column: 'phone' },
  { table: 'patient_contacts', idColumn: 'id', column: 'email' },
  { table: 'patient_contacts', idColumn: 'id', column: 'note' },
  // Patient-desk tickets only; other desks' text in the same columns is stored as written.
  { table: 'tickets', idColumn: 'id', column: 'title' },
  { table: 'tickets', idColumn: 'id', column: 'description' },
  { table: 'tickets', idColumn: 'id', column: 'triage_reason' },
  { table: 'ticket_events', idColumn: 'id', column: 'body' },
  { table: 'ticket_events', idColumn: 'id', column: 'sealed_text' },
  { table: 'ticket_ratings', idColumn: 'ticket_id', column: 'comment' },
  { table: 'ticket_attachments', idColumn: 'id', column: 'file_name' },
  { table: 'ticket_attachments', idColumn: 'id', column: 'sealed_content' },
  { table: 'ticket_time_entries', idColumn: 'id', column: 'note' },
  { table: 'patient_requests', idColumn: 'ticket_id', column: 'name' },
  { table: 'patient_requests', idColumn: 'ticket_id', column: 'email' },
  { table: 'patient_requests', idColumn: 'ticket_id', column: 'phone' },
  { table: 'patient_requests', idColumn: 'ticket_id', column: 'birth_date' },
  { table: 'webhooks', idColumn: 'id', column: 'secret' },
  { table: 'webhooks', idColumn: 'id', column: 'previous_secret' },
];
