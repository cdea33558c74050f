/**
 * Which files a ticket accepts, decided from their first bytes (magic numbers), not from the name
 * or the type the uploader declares: a file named report.pdf that is really an HTML page or an
 * executable is refused. The list is kept to formats a browser or viewer opens without running
 * anything: PDF, PNG, JPEG, GIF, WebP and plain text (CSV, logs). Office files are ZIP archives
 * that can carry anything, so they are left out until a scanner can look inside them.
 */
import { attachmentTypes, type AttachmentType } from './attachment-schema.ts';

export { attachmentTypes, type AttachmentType };

const startsWith = (content: Buffer, bytes: number[], at = 0) =>
  content.length >= at + bytes.length && bytes.every((b, i) => content[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Binary formats by their signature. */
const signatures: [AttachmentType, (content: Buffer) => boolean][] = [
  ['application/pdf', (c) => startsWith(c, ascii('%PDF-'))],
  ['image/png', (c) => startsWith(c, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (c) => startsWith(c, [0xff, 0xd8, 0xff])],
  ['image/gif', (c) => startsWith(c, ascii('GIF87a')) || startsWith(c, ascii('GIF89a'))],
  ['image/webp', (c) => startsWith(c, ascii('RIFF')) && startsWith(c, ascii('WEBP'), 8)],
];

/**
 * Text: valid UTF-8 with no control characters but tab, line feed, carriage return and form feed,
 * and not markup a browser would render as a page (<html, <script, <svg, <?xml ...).
 */
function isPlainText(content: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  return !/^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)/i.test(text.replace(/^\uFEFF/, ''));
}

/**
 * The type a file really is, given what the uploader declared: the signature's type for binary
 * formats (the declaration must agree, or be application/octet-stream); for text, the declared
 * text type (plain or CSV). Null when the file is none of the accepted types or contradicts the
 * declaration.
 */
export function sniffAttachment(content: Buffer, declared: string): AttachmentType | null {
  const binary = signatures.find(([, matches]) => matches(content))?.[0];
  if (binary) return declared === binary || declared === 'application/octet-stream' ? binary : null;
  if (!isPlainText(content)) return null;
  if (declared === 'text/csv') return 'text/csv';
  return declared === 'text/plain' || declared === 'application/octet-stream' ? 'text/plain' : null;
}
