/**
 * Files on a ticket's opening, replies and notes: checked for size by the route (the configured
 * limit) and for type here by their content (attachment-types.ts), stored in the database
 * (`ticket_attachments`), encrypted on a patient-desk ticket, and read under the ticket's own
 * visibility: a note's files only by those who work tickets, a patient-desk file only with
 * phi.read (each download audited as a `phi.read`).
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { decryptField, encryptField } from '../core/crypto/field-encryption.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { attachmentTypes, sniffAttachment, type AttachmentType } from './attachment-types.ts';
import { ticketAttachments, ticketEvents } from './tables.ts';
import { attachmentFacts, type TicketRow } from './ticket-store.ts';
import { auditTicket, callerId, readTicket, visibleTicket, type TicketStep } from './tickets.ts';
import type { Ticket } from './ticket-schema.ts';

export interface Upload {
  fileName: string;
  /** The Content-Type the uploader declared. */
  declaredType: string;
  content: Buffer;
}

/** The events a file may hang on: the opening (its description), a reply, an internal note. */
const carriesFiles = ['created', 'reply', 'note'];

/** Attaches a file to one of the ticket's events, after checking its content is an accepted type. */
export async function attachFile(s: TicketStep, ticketId: string, eventId: string, upload: Upload): Promise<Ticket> {
  const row = await visibleTicket(s, ticketId);
  if (row.status === 'closed') throw new AppError('conflict', 'The ticket is closed; open a new one to follow up');
  const [event] = await s.tx
    .select({ kind: ticketEvents.kind })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.id, eventId), eq(ticketEvents.ticketId, ticketId)));
  if (!event || !carriesFiles.includes(event.kind) || (event.kind === 'note' && !s.mayWork))
    throw new AppError('validation_failed', 'Files go on the ticket’s opening, a reply or an internal note', [
      { path: 'query.eventId', message: 'must be the id of this ticket’s created, reply or note event' },
    ]);
  const contentType = sniffAttachment(upload.content, upload.declaredType);
  if (!contentType)
    throw new AppError(
      'unsupported_media_type',
      `The file is not one of the accepted types (${attachmentTypes.join(', ')}), or its content is not the ${upload.declaredType} it claims to be`,
      [{ path: 'body', message: `content does not match an accepted type (declared ${upload.declaredType})` }],
    );
  await storeFile(s, row, eventId, upload, contentType);
  return readTicket(s, ticketId);
}

/**
 * Whether a file that arrived another way than an upload (an email's attachment) may go on a
 * ticket: its type from its content, or why not, in words for the ticket ("not attached: x (why)").
 */
export function checkFile(upload: Upload, limitBytes: number): { contentType: AttachmentType } | { refused: string } {
  if (upload.content.length === 0) return { refused: 'empty' };
  if (upload.content.length > limitBytes) return { refused: `over the ${sizeInWords(limitBytes)} limit` };
  const contentType = sniffAttachment(upload.content, upload.declaredType);
  return contentType ? { contentType } : { refused: 'not an accepted file type' };
}

/** A size as people read it: whole megabytes, else kilobytes. */
const sizeInWords = (bytes: number) =>
  bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576)} MB` : `${Math.round(bytes / 1024)} KB`;

/** Stores a checked file on an event of the ticket (sealed on a patient-desk ticket) and audits it. */
export async function storeFile(
  s: TicketStep,
  row: Pick<TicketRow, 'id' | 'phi'>,
  eventId: string,
  upload: Upload,
  contentType: AttachmentType,
): Promise<void> {
  const id = newId();
  await s.tx.insert(ticketAttachments).values({
    id,
    practiceId: s.practiceId,
    ticketId: row.id,
    eventId,
    fileName: row.phi ? encryptField(s.keyring, upload.fileName) : upload.fileName,
    contentType,
    size: upload.content.length,
    sha256: createHash('sha256').update(upload.content).digest('hex'),
    content: row.phi ? null : upload.content,
    sealedContent: row.phi ? encryptField(s.keyring, upload.content.toString('base64')) : null,
    uploadedBy: callerId(s),
    uploadedAt: s.clock.now(),
  });
  await auditTicket(s, 'ticket.attachment_added', row.id, {
    attachmentId: id,
    eventId,
    contentType,
    size: upload.content.length,
  });
}

/**
 * A file to download, under the ticket's visibility (the ticket in the path is the one the file
 * was attached to, or the one it was merged into: `ticketIds`). 404 for a file the caller may not
 * see; 403 for a patient-desk file without phi.read.
 */
export async function attachmentFile(
  s: TicketStep,
  ticketIds: string[],
  attachmentId: string,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  const [file] = await s.tx
    .select({
      ...attachmentFacts,
      content: ticketAttachments.content,
      sealedContent: ticketAttachments.sealedContent,
      kind: ticketEvents.kind,
    })
    .from(ticketAttachments)
    .innerJoin(ticketEvents, eq(ticketEvents.id, ticketAttachments.eventId))
    .where(and(eq(ticketAttachments.id, attachmentId), inArray(ticketAttachments.ticketId, ticketIds)));
  if (!file || (file.kind === 'note' && !s.mayWork)) throw new AppError('not_found', 'No such file on this ticket');
  if (file.sealedContent !== null) {
    if (!s.mayReadPhi)
      throw new AppError('forbidden', 'The file is patient data', [
        {
          path: 'params.attachmentId',
          message: s.phiHiddenBySetting ? 'the practice has not let MSP staff see patient details' : 'needs phi.read',
        },
      ]);
    await auditTicket(s, 'phi.read', file.ticketId, { attachments: [file.id] });
    return {
      fileName: decryptField(s.keyring, file.fileName),
      contentType: file.contentType,
      content: Buffer.from(decryptField(s.keyring, file.sealedContent), 'base64'),
    };
  }
  return { fileName: file.fileName, contentType: file.contentType, content: file.content! };
}
