import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, tsvector } from '../core/db/column-types.ts';
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

/**
 * The practice's service desks (IT, clinical, patient): each with its categories mapped to matrix
 * activities, its business calendar and its SLA policy per priority, kept as validated JSON
 * (desk-schema.ts) since they are read and written whole. One desk of each kind per practice.
 */
export const desks = pgTable(
  'desks',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    calendar: jsonb('calendar').notNull(),
    sla: jsonb('sla').notNull(),
    categories: jsonb('categories').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('desks_practice_kind_idx').on(t.practiceId, t.kind),
    check('desks_kind_check', sql`${t.kind} in ('it', 'clinical', 'patient')`),
  ],
);

/** A ticket still being worked: the same text as the queue's breach filter, so the planner matches the partial indexes. */
export const openOnly = sql`status not in ('resolved', 'closed')`;

/**
 * Tickets. The SLA clocks are stored as due instants, set when the ticket is created and moved
 * when a pause ends (ticket-clock.ts), so the queue filters on "breached" with an index instead
 * of recomputing every ticket. A patient-desk ticket's title and description are PHI, stored
 * encrypted (`phi`); other desks' text is stored as written.
 */
export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    /** The practice's own sequential number (T-1, T-2, ...), from its row in ticket_counters. */
    number: integer('number').notNull(),
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    category: text('category').notNull(),
    requesterId: uuid('requester_id').references(() => users.id),
    requesterLabel: text('requester_label').notNull(),
    phi: boolean('phi').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    impact: text('impact').notNull(),
    urgency: text('urgency').notNull(),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    waitingReason: text('waiting_reason'),
    /** The matrix party holding the ticket; null while it waits in the desk's triage queue. */
    assigneePartyId: text('assignee_party_id'),
    assigneePartyName: text('assignee_party_name'),
    assigneeSide: text('assignee_side'),
    /** The person of the holding party working the ticket (they took it); null until someone does. */
    agentId: uuid('agent_id').references(() => users.id),
    agentLabel: text('agent_label'),
    /**
     * Opened by a watcher (a monitoring check, a backup job) about something that went bad: those
     * who read monitoring (practice administrators among them) may read it without working tickets.
     */
    incident: boolean('incident').notNull().default(false),
    /**
     * The matrix activity the ticket was placed by when it is not its category's: an incident's
     * (a check's, a backup job's own activity, say EDR, on a category such as network). The SLA
     * sweep escalates along this activity's path; null: the category's.
     */
    activity: text('activity'),
    /** The ticket this one was merged into (then closed): its history shows on that ticket. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => tickets.id),
    /** The ticket a reply of which this one was split out of. */
    splitFromId: uuid('split_from_id').references((): AnyPgColumn => tickets.id),
    /** Why the ticket went to triage instead of a party; encrypted on a patient-desk ticket (a person may have written it). */
    triageReason: text('triage_reason'),
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }).notNull(),
    firstRespondedAt: timestamp('first_responded_at', { withTimezone: true }),
    /** Null while the clock is paused (waiting on someone else) and once resolved. */
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    pausedSince: timestamp('paused_since', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** The inventory device the ticket is about; the composite key to devices (SET NULL) is in the migration. */
    deviceId: uuid('device_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /**
     * Full-text search (ticket-search.ts): the words of the title, description and public replies,
     * and apart from them those of the internal notes (only those who work tickets search them).
     * Null on a patient-desk ticket: its text is encrypted, so there are no words to index.
     */
    searchText: tsvector('search_text'),
    searchNotes: tsvector('search_notes'),
  },
  // The queue (ticket-store.ts listTickets) reads newest first by (created_at, id) under any mix
  // of desk, status, holder and breach: each mix has an index whose equality prefix it fills and
  // whose tail gives that order, so a page reads its rows and stops, never sorting the practice.
  (t) => [
    uniqueIndex('tickets_practice_number_idx').on(t.practiceId, t.number),
    index('tickets_queue_idx').on(t.practiceId, t.createdAt, t.id),
    index('tickets_queue_desk_idx').on(t.practiceId, t.deskId, t.createdAt, t.id),
    index('tickets_queue_status_idx').on(t.practiceId, t.status, t.createdAt, t.id),
    index('tickets_queue_desk_status_idx').on(t.practiceId, t.deskId, t.status, t.createdAt, t.id),
    index('tickets_queue_assignee_idx').on(t.practiceId, t.assigneePartyId, t.createdAt, t.id),
    index('tickets_queue_desk_assignee_idx').on(t.practiceId, t.deskId, t.assigneePartyId, t.createdAt, t.id),
    // "Mine" (the agent) and "my party" (the holding side): same shape as the holder's index.
    index('tickets_queue_agent_idx').on(t.practiceId, t.agentId, t.createdAt, t.id),
    index('tickets_queue_side_idx').on(t.practiceId, t.assigneeSide, t.createdAt, t.id),
    // Breach is a comparison with now, so no index can hold it; it is checked on the open tickets only.
    index('tickets_queue_open_idx').on(t.practiceId, t.createdAt, t.id).where(openOnly),
    index('tickets_queue_desk_open_idx').on(t.practiceId, t.deskId, t.createdAt, t.id).where(openOnly),
    index('tickets_merged_into_idx')
      .on(t.mergedIntoId)
      .where(sql`merged_into_id is not null`),
    index('tickets_search_text_idx').using('gin', t.searchText),
    index('tickets_search_notes_idx').using('gin', t.searchNotes),
    index('tickets_device_idx')
      .on(t.practiceId, t.deviceId, t.createdAt)
      .where(sql`${t.deviceId} is not null`),
  ],
);

/**
 * A ticket's full history, append-only: creation, replies and internal notes, status changes,
 * assignments (which party held the ticket from when), priority changes. `body` and the free
 * text of `data` (in `sealed_text`) are encrypted when the ticket is a patient-desk one.
 */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    body: text('body'),
    data: jsonb('data').notNull(),
    /**
     * On a patient-desk ticket, the event's free-text fields (a reassignment's reason), as one
     * encrypted JSON object; `data.sealed` names them. Null when there are none or the ticket is
     * not PHI (then they stay in `data`).
     */
    sealedText: text('sealed_text'),
    /**
     * The order events were written in: a ticket's events at the same instant (its creation and
     * first assignment, say) replay in that order, whatever plan PostgreSQL reads them by.
     */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at, t.seq)],
);

/**
 * The SLA warnings, breaches and escalation levels that have fired, one row per ticket, clock and
 * level: the sweep (sla-sweep.ts) inserts the row in the transaction that acts on it, so each
 * fires once, whatever restarts or concurrent sweeps happen.
 */
export const ticketSlaAlerts = pgTable(
  'ticket_sla_alerts',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    /** first_response or resolution. */
    clock: text('clock').notNull(),
    /** `warn:<percent>` or `escalate:<percent>`. */
    level: text('level').notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.clock, t.level] })],
);

/**
 * The practice's choices about its service desk that are not one desk's: whether MSP staff may
 * see patient details (issue 18 item 5, minimum necessary). No row means the defaults (hidden).
 * Only a practice administrator changes it (`phi.share`); each change is audited.
 */
export const deskSettings = pgTable('desk_settings', {
  practiceId: uuid('practice_id')
    .primaryKey()
    .references(() => practices.id),
  mspSeesPatientDetails: boolean('msp_sees_patient_details').notNull().default(false),
  /** Whether the public patient intake form is open (intake-settings.ts); off by default. */
  intakeEnabled: boolean('intake_enabled').notNull().default(false),
  /** Whether the form asks for the patient's date of birth. */
  intakeAsksBirthDate: boolean('intake_asks_birth_date').notNull().default(false),
  /**
   * The form's public id (in its URL), made when the form is first opened and kept after: not
   * the practice id, and unguessable, so the form cannot be found by walking ids.
   */
  intakeFormId: text('intake_form_id').unique('desk_settings_intake_form_id_key'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
});

/**
 * Who sent a patient-desk ticket through the public intake form (intake.ts): the patient's
 * details, each encrypted (PHI), and the SHA-256 of the follow link's token, the only way back to
 * the ticket for someone without an account. One per ticket.
 */
export const patientRequests = pgTable('patient_requests', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id),
  practiceId: uuid('practice_id')
    .notNull()
    .references(() => practices.id),
  /** Null once the follow links have expired (intake.ts `followLinkDays`) and the sweep removed them. */
  followTokenHash: text('follow_token_hash').unique('patient_requests_follow_token_key'),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  birthDate: text('birth_date'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * The follow tokens emailed to a patient after the first (intake.ts `tellPatient`): each email of a
 * reply or resolution carries a fresh token, since the first is kept only as its hash and cannot
 * be sent again. Stored as SHA-256 like the first, beside it; each opens the same ticket for as
 * long as the first does: until `followLinkDays` after the ticket it leads to stopped (intake.ts),
 * when the daily sweep deletes them and the first's hash.
 */
export const patientFollowTokens = pgTable('patient_follow_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  ticketId: uuid('ticket_id')
    .notNull()
    .references(() => patientRequests.ticketId),
  practiceId: uuid('practice_id')
    .notNull()
    .references(() => practices.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * The last ticket number each practice has given. Opening a ticket bumps its practice's row in
 * the same transaction (an upsert that returns the new value), so two tickets opened at once
 * wait on that row and get consecutive numbers, and a rolled-back opening gives its number back.
 */
export const ticketCounters = pgTable('ticket_counters', {
  practiceId: uuid('practice_id')
    .primaryKey()
    .references(() => practices.id),
  lastNumber: integer('last_number').notNull(),
});

/**
 * The requester's rating of a resolved ticket (CSAT, issue 18 item 8): good or bad, with an
 * optional comment, encrypted on a patient-desk ticket. One per ticket; rating again replaces it.
 */
export const ticketRatings = pgTable(
  'ticket_ratings',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    rating: text('rating').notNull(),
    comment: text('comment'),
    ratedBy: uuid('rated_by').references(() => users.id),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('ticket_ratings_rating_check', sql`${t.rating} in ('good', 'bad')`)],
);

/**
 * Files attached to a ticket's opening, replies or notes (attachments.ts), kept in the database so
 * they share its backups, row-level security and retention. On a patient-desk ticket the file and
 * its name are PHI: the content is in `sealed_content` (base64, encrypted like every other PHI
 * column, so key rotation covers it) and `content` is null; elsewhere `content` holds the bytes.
 */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    /** The created, reply or note event the file belongs to: a note's files are internal too. */
    eventId: uuid('event_id')
      .notNull()
      .references(() => ticketEvents.id),
    fileName: text('file_name').notNull(),
    /** The type the content was found to be (attachment-types.ts), never just the one declared. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content'),
    sealedContent: text('sealed_content'),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('ticket_attachments_ticket_idx').on(t.ticketId, t.uploadedAt),
    check('ticket_attachments_one_content', sql`(${t.content} is null) <> (${t.sealedContent} is null)`),
  ],
);

/**
 * Time worked on a ticket (time-entries.ts): minutes on a date by a person for a party of the
 * matrix, within the MSP contract or billable beyond it. Entries are corrected by adding a
 * negative one (an audit trail a bill can rely on), never changed.
 */
export const ticketTimeEntries = pgTable(
  'ticket_time_entries',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    /** The matrix party the work was done for (its side says internal IT, MSP, vendor). */
    partyId: text('party_id').notNull(),
    partyName: text('party_name').notNull(),
    partySide: text('party_side').notNull(),
    workedOn: date('worked_on').notNull(),
    minutes: integer('minutes').notNull(),
    billing: text('billing').notNull(),
    note: text('note'),
    byId: uuid('by_id').references(() => users.id),
    byLabel: text('by_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('ticket_time_entries_ticket_idx').on(t.ticketId, t.createdAt),
    index('ticket_time_entries_month_idx').on(t.practiceId, t.workedOn),
    check('ticket_time_entries_billing_check', sql`${t.billing} in ('contract', 'billable')`),
    check('ticket_time_entries_minutes_check', sql`${t.minutes} <> 0 and abs(${t.minutes}) <= 1440`),
  ],
);
