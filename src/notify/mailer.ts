/**
 * Email out: nodemailer over SMTP when TANDEM_SMTP_URL is set (smtps:// for TLS from the start;
 * smtp:// upgrades with STARTTLS when the server offers it). Without it there is no mailer, and
 * notices wait in the outbox for an administrator to read in the web app.
 */
import nodemailer from 'nodemailer';
import type { RenderedEmail } from './events.ts';

export interface Mailer {
  send(to: string, email: RenderedEmail): Promise<void>;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    send: async (to, email) => {
      await transport.sendMail({ from, to, subject: email.subject, text: email.text, html: email.html });
    },
  };
}
