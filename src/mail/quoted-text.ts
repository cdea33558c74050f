/**
 * The new text of an emailed reply: mail programs put the reader's answer above a quote of the
 * whole email they answer, whose text is already on the ticket. Cut at the first line that starts
 * a quote (Tandem's own "reply above this line" marker, "On ... wrote:", Outlook's "Original
 * Message" or "From:" block, a signature separator) and drop ">" lines. Pure.
 */
import { replyAboveLine } from '../notify/events.ts';

const quoteStarts: RegExp[] = [
  /^-{2,}\s*Original Message\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^On .{1,200}wrote:\s*$/i,
  /^Le .{1,200}a écrit\s*:\s*$/i,
  /^Am .{1,200}schrieb .{1,200}:\s*$/i,
  /^From:\s.+@/i,
  /^-- $/,
];

/** The lines before the quote; a two-line "On ..., X <x@y>\nwrote:" counts as one. */
export function newText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (line.includes(replyAboveLine) || quoteStarts.some((re) => re.test(line))) break;
    if (/^On\s/i.test(line) && /^On .{1,200}wrote:\s*$/i.test(joined.trim())) break;
    if (line.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}
