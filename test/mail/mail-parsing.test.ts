/** The pure parts of inbound mail: automatic-mail detection, the new text of a reply, backup report emails. */
import { describe, expect, it } from 'vitest';
import { autoReplyReason, type MessageFacts } from '../../src/mail/auto-reply.ts';
import { readBackupEmail } from '../../src/mail/backup-email.ts';
import { parseAddress } from '../../src/mail/addresses.ts';
import { newText } from '../../src/mail/quoted-text.ts';
import { replyAboveLine } from '../../src/notify/events.ts';

const own = { from: 'tandem@harbor.example', messageIdDomain: 'harbor.example' };
const person = (headers: Record<string, string> = {}, extra: Partial<MessageFacts> = {}): MessageFacts => ({
  header: (name) => headers[name],
  messageId: '<abc@alder.example>',
  envelopeFrom: 'frontdesk@alder.example',
  fromAddress: 'frontdesk@alder.example',
  ...extra,
});

describe('automatic mail', () => {
  it('lets a person’s email through', () => {
    expect(autoReplyReason(person(), own)).toBeNull();
    expect(autoReplyReason(person({ 'auto-submitted': 'no' }), own)).toBeNull();
    expect(autoReplyReason(person({ precedence: 'first-class' }), own)).toBeNull();
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }, {}, 'Auto-Submitted: auto-replied'],
    [{ precedence: 'bulk' }, {}, 'Precedence: bulk'],
    [{ precedence: 'List' }, {}, 'Precedence: list'],
    [{ precedence: 'junk' }, {}, 'Precedence: junk'],
    [{ 'x-autoreply': 'yes' }, {}, 'x-autoreply header'],
    [{}, { envelopeFrom: '' }, 'empty envelope sender (a bounce)'],
    [{}, { fromAddress: 'MAILER-DAEMON@alder.example' }, 'sent by mailer-daemon@alder.example'],
    [{}, { fromAddress: 'tandem@harbor.example' }, 'sent from Tandem’s own address (a loop)'],
    [
      {},
      { messageId: '<0b1f6c1e-2a43-4a8e-9d1e-1f2a3b4c5d6e@harbor.example>' },
      'one of Tandem’s own Message-IDs (a loop)',
    ],
  ])('drops %o %o: %s', (headers, extra, reason) => {
    expect(autoReplyReason(person(headers, extra), own)).toBe(reason);
  });
});

describe('the new text of a reply', () => {
  it('cuts at Tandem’s marker, a Gmail or Outlook quote, and drops quoted lines', () => {
    expect(newText(`Thanks, that fixed it.\n\n${replyAboveLine}\n\nAdmin replied on ticket T-3`)).toBe(
      'Thanks, that fixed it.',
    );
    expect(
      newText('Still broken.\r\n\r\nOn Mon, 7 Dec 2026 at 10:00, Tandem <tandem@harbor.example> wrote:\r\n> Try again'),
    ).toBe('Still broken.');
    expect(
      newText('Two-line header.\n\nOn Mon, 7 Dec 2026 at 10:00, Tandem\n<tandem@harbor.example> wrote:\n> x'),
    ).toBe('Two-line header.');
    expect(newText('Outlook answer\n\n-----Original Message-----\nFrom: Tandem <t@h.example>')).toBe('Outlook answer');
    expect(newText('Outlook new style\n________________________________\nFrom: Tandem <t@h.example>')).toBe(
      'Outlook new style',
    );
    expect(newText('Inline\n> quoted\nanswer\n-- \nDr. A. Alder')).toBe('Inline\nanswer');
  });
});

describe('backup report emails', () => {
  it.each([
    ['[Success] Nightly EHR (3 machines)', '', 'success', 'veeam'],
    ['[Warning] Nightly EHR (3 machines) 1 warning', '', 'warning', 'veeam'],
    ['[Failed] Nightly EHR (3 machines) 1 error', '', 'failed', 'veeam'],
    ['Backup report SERVER01', 'The backup operation has finished successfully.', 'success', 'windows_server_backup'],
    [
      'Backup report SERVER01',
      "The backup operation that started at '2026-12-07T02:00:00.000Z' has failed with following error code '0x807800C5'.",
      'failed',
      'windows_server_backup',
    ],
    ['Nightly copy: Success', '', 'success', 'generic'],
    ['Nightly copy completed with 0 errors', '', 'success', 'generic'],
    ['Nightly copy FAILED', '', 'failed', 'generic'],
    ['Nightly copy finished with warnings', '', 'warning', 'generic'],
    ['Weekly summary', 'Everything is described in the attachment.', 'unknown', 'none'],
  ])('%s -> %s', (subject, body, result, pattern) => {
    expect(readBackupEmail(subject, body)).toEqual({ result, pattern });
  });
});

describe('inbound addresses', () => {
  it('reads kind and token for Tandem’s domain only', () => {
    expect(parseAddress('desk+abcdefghijklmnopqrst@desk.example', 'desk.example')).toEqual({
      kind: 'desk',
      token: 'abcdefghijklmnopqrst',
    });
    expect(parseAddress('Backup+Ab_cd-EFGHijklmnopqrstu@DESK.example', 'desk.example')).toEqual({
      kind: 'backup',
      token: 'Ab_cd-EFGHijklmnopqrstu',
    });
    expect(parseAddress('desk+abcdefghijklmnopqrst@elsewhere.example', 'desk.example')).toBeNull();
    expect(parseAddress('postmaster@desk.example', 'desk.example')).toBeNull();
    expect(parseAddress('desk+short@desk.example', 'desk.example')).toBeNull();
  });
});
