/** The service desk over the API: the practice's desks, the ticket queue, one ticket and its changes. */
import {
  deskListSchema,
  deskPrivacySchema,
  deskSchema,
  type Desk,
  type DeskKind,
  type DeskPatch,
} from '../../../src/desk/desk-schema.ts';
import {
  ticketListSchema,
  ticketSchema,
  type Assignment,
  type MergeInput,
  type SplitInput,
  type RatingInput,
  type ReplyInput,
  type StatusChange,
  type Ticket,
  type TicketInput,
  type TicketSummary,
} from '../../../src/desk/ticket-schema.ts';
import { slaReportSchema } from '../../../src/desk/report-schema.ts';
import { intakeSettingsSchema, type IntakeSettingsInput } from '../../../src/desk/intake-schema.ts';
import { ticketTimeSchema, type TimeEntryInput } from '../../../src/desk/time-entry-schema.ts';
import { apiRequest } from '../api/client.ts';
import { matrixApi } from '../matrix/matrix-api.ts';

export type { Desk, DeskKind, Ticket, TicketSummary };

/** What the queue is filtered by, as the API takes it (docs/api.md "Service desk tickets"). */
export interface QueueFilter {
  deskId: string;
  status: TicketSummary['status'] | null;
  /** A matrix party id, "triage" for tickets no party holds, or null for any holder. */
  assignee: string | null;
  breached: boolean;
  /** The agent's own views: all tickets, those they took, their side's, or due within the hour. */
  view: QueueView;
}

export const queueViews = ['all', 'mine', 'party', 'due_soon'] as const;
export type QueueView = (typeof queueViews)[number];
/** "Due soon" is a clock due within this many minutes, breached ones included. */
export const dueSoonMinutes = 60;

export const queuePageSize = 50;
const base = (practiceId: string) => `/api/v1/practices/${practiceId}`;

export const desksKey = (practiceId: string) => ['practice', practiceId, 'desks'] as const;
export const queueKey = (practiceId: string, filter: QueueFilter) =>
  ['practice', practiceId, 'tickets', 'queue', filter] as const;
export const ticketKey = (practiceId: string, ticketId: string) =>
  ['practice', practiceId, 'tickets', 'one', ticketId] as const;
export const privacyKey = (practiceId: string) => ['practice', practiceId, 'desk-privacy'] as const;
export const intakeKey = (practiceId: string) => ['practice', practiceId, 'desk-intake'] as const;
export const reportKey = (practiceId: string, span: { from: string; to: string }) =>
  ['practice', practiceId, 'desk-report', span] as const;
export const timeKey = (practiceId: string, ticketId: string) =>
  ['practice', practiceId, 'tickets', 'time', ticketId] as const;
export const partiesKey = (practiceId: string) => ['practice', practiceId, 'matrix', 'agreed-parties'] as const;

const post = (practiceId: string, ticketId: string, action: string, body: unknown) =>
  apiRequest(ticketSchema, `${base(practiceId)}/tickets/${ticketId}/${action}`, { method: 'POST', body });

export const deskApi = {
  desks: async (practiceId: string) => (await apiRequest(deskListSchema, `${base(practiceId)}/desks`)).desks,
  changeDesk: (practiceId: string, deskId: string, patch: DeskPatch) =>
    apiRequest(deskSchema, `${base(practiceId)}/desks/${deskId}`, { method: 'PATCH', body: patch }),
  intake: (practiceId: string) => apiRequest(intakeSettingsSchema, `${base(practiceId)}/desk-intake`),
  setIntake: (practiceId: string, body: IntakeSettingsInput) =>
    apiRequest(intakeSettingsSchema, `${base(practiceId)}/desk-intake`, { method: 'PUT', body }),
  privacy: (practiceId: string) => apiRequest(deskPrivacySchema, `${base(practiceId)}/desk-privacy`),
  setPrivacy: (practiceId: string, mspSeesPatientDetails: boolean) =>
    apiRequest(deskPrivacySchema, `${base(practiceId)}/desk-privacy`, {
      method: 'PUT',
      body: { mspSeesPatientDetails },
    }),
  queue: (practiceId: string, filter: QueueFilter, cursor: string | undefined) =>
    apiRequest(ticketListSchema, `${base(practiceId)}/tickets`, {
      query: {
        deskId: filter.deskId,
        status: filter.status,
        assignee: filter.assignee,
        breached: filter.breached ? 'true' : undefined,
        mine: filter.view === 'mine' ? 'true' : undefined,
        myParty: filter.view === 'party' ? 'true' : undefined,
        dueWithin: filter.view === 'due_soon' ? dueSoonMinutes : undefined,
        limit: queuePageSize,
        cursor,
      },
    }),
  ticket: (practiceId: string, ticketId: string) => apiRequest(ticketSchema, `${base(practiceId)}/tickets/${ticketId}`),
  byNumber: (practiceId: string, reference: string) =>
    apiRequest(ticketSchema, `${base(practiceId)}/ticket-numbers/${encodeURIComponent(reference)}`),
  /** Words (or a number) searched over the tickets the caller works: the palette's results. */
  search: async (practiceId: string, q: string) =>
    (await apiRequest(ticketListSchema, `${base(practiceId)}/tickets`, { query: { q, limit: 8 } })).tickets,
  merge: (practiceId: string, ticketId: string, input: MergeInput) => post(practiceId, ticketId, 'merges', input),
  split: (practiceId: string, ticketId: string, input: SplitInput) => post(practiceId, ticketId, 'splits', input),
  time: (practiceId: string, ticketId: string) =>
    apiRequest(ticketTimeSchema, `${base(practiceId)}/tickets/${ticketId}/time-entries`),
  logTime: (practiceId: string, ticketId: string, input: TimeEntryInput) =>
    apiRequest(ticketTimeSchema, `${base(practiceId)}/tickets/${ticketId}/time-entries`, {
      method: 'POST',
      body: input,
    }),
  /** Puts a file on an event of the ticket (its opening, a reply or a note): the body is the file itself. */
  attach: (practiceId: string, ticketId: string, eventId: string, file: File) =>
    apiRequest(ticketSchema, `${base(practiceId)}/tickets/${ticketId}/attachments`, {
      method: 'POST',
      file,
      query: { eventId, fileName: file.name },
    }),
  /** Where a file of the ticket downloads from (a plain link: the browser saves it). */
  fileUrl: (practiceId: string, ticketId: string, fileId: string) =>
    `${base(practiceId)}/tickets/${ticketId}/attachments/${fileId}`,
  open: (practiceId: string, input: TicketInput) =>
    apiRequest(ticketSchema, `${base(practiceId)}/tickets`, { method: 'POST', body: input }),
  reply: (practiceId: string, ticketId: string, input: ReplyInput) => post(practiceId, ticketId, 'replies', input),
  setStatus: (practiceId: string, ticketId: string, change: StatusChange) =>
    post(practiceId, ticketId, 'status', change),
  assign: (practiceId: string, ticketId: string, assignment: Assignment) =>
    post(practiceId, ticketId, 'assignment', assignment),
  take: (practiceId: string, ticketId: string) => post(practiceId, ticketId, 'take', {}),
  rate: (practiceId: string, ticketId: string, rating: RatingInput) => post(practiceId, ticketId, 'rating', rating),
  slaReport: (practiceId: string, span: { from: string; to: string }) =>
    apiRequest(slaReportSchema, `${base(practiceId)}/desk-reports/sla`, { query: span }),
};

export interface PartyOption {
  id: string;
  name: string;
  side: string;
}

/**
 * The parties of the agreed matrix version in force (tickets are held by parties, not accounts):
 * the holder filter's and the reassignment's choices. Empty when nothing is agreed.
 */
export async function agreedParties(practiceId: string): Promise<PartyOption[]> {
  const agreed = (await matrixApi.list(practiceId)).find((v) => v.status === 'agreed');
  if (!agreed) return [];
  const version = await matrixApi.get(practiceId, agreed.number);
  return version.matrix.parties.map(({ id, name, side }) => ({ id, name, side }));
}
