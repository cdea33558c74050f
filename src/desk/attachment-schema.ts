/**
 * The file types a ticket accepts, as data the web app's file picker shares with the server's
 * content check (attachment-types.ts, which decides a file's type from its bytes).
 */
export const attachmentTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
] as const;
export type AttachmentType = (typeof attachmentTypes)[number];
