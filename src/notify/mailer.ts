/**
 * Email out: nodemailer over SMTP when TANDEM_SMTP_URL is set (smtps:// for TLS from the start;
 * smtp:// upgrades with STARTTLS when the server offers it). Without it there is no mailer, and
 * notices wait in the outbox for an administrator to read in the web app.
 */
import nodemailer from 'nodemailer';
import { domainOf } from '../core/config.ts';
import type { MailHeaders, RenderedEmail } from './events.ts';

export interface Mailer {
  /** `id` makes the Message-ID (`<id@from-domain>`), so a retried send keeps it and replies can be recognised. */
  send(to: string, email: RenderedEmail & { id: string; headers?: MailHeaders | null }): Promise<void>;
}

/** The Message-ID of the email sent for a notice (or a digest) with this id. */
export const messageIdOf = (id: string, from: string) => `<${id}@${domainOf(from)}>`;

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    send: async (to, email) => {
      const thread = email.headers;
      await transport.sendMail({
        from,
        to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: messageIdOf(email.id, from),
        // Replies should not come back as auto-replies' targets; this email is itself automatic.
        headers: { 'Auto-Submitted': 'auto-generated' },
        ...(thread ? { replyTo: thread.replyTo, inReplyTo: thread.inReplyTo, references: thread.references } : {}),
      });
    },
  };
}
