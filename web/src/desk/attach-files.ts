/**
 * Files chosen on the reply form: what can be refused before sending (a type the desk never takes,
 * an empty file, a name with a path or quotes), and the upload of the rest onto the reply or note
 * just written. The size limit is the server's setting, so a file over it is refused by the server
 * (413), whose message is shown.
 */
import { attachmentTypes } from '../../../src/desk/attachment-schema.ts';
import type { Ticket } from '../../../src/desk/ticket-schema.ts';
import { messageOf } from '../api/form-errors.ts';
import { deskApi } from './desk-api.ts';

/** What the file input offers: the accepted types (the server checks the content too). */
export const acceptedFiles = attachmentTypes.join(',');

/** Why a chosen file cannot go, as far as the browser can tell; null when it may be sent. */
export function fileProblem(file: File): string | null {
  if (file.size === 0) return `${file.name} is empty`;
  // Browsers leave the type empty for names they do not know; the server decides those by content.
  if (file.type && !(attachmentTypes as readonly string[]).includes(file.type))
    return `${file.name} is not an accepted type (PDF, PNG, JPEG, GIF, WebP, text or CSV)`;
  if (/["/\\]/.test(file.name)) return `${file.name}: the name may not hold quotes or slashes`;
  return null;
}

/**
 * Uploads the files onto the newest reply or note of the ticket (the one just written), one after
 * another. Returns the ticket as the last upload left it, and a line per file the server refused.
 */
export async function attachToLatest(
  practiceId: string,
  ticket: Ticket,
  files: File[],
): Promise<{ ticket: Ticket; failed: string[] }> {
  const event = ticket.events.findLast((e) => e.kind === 'reply' || e.kind === 'note');
  let current = ticket;
  const failed: string[] = [];
  if (!event) return { ticket, failed: files.map((f) => `${f.name}: the reply was not found`) };
  for (const file of files) {
    try {
      current = await deskApi.attach(practiceId, ticket.id, event.id, file);
    } catch (error) {
      failed.push(`${file.name}: ${messageOf(error)}`);
    }
  }
  return { ticket: current, failed };
}
