/** The HTTP contract of the desks' inbound email addresses (the web app's desk settings parse with it). */
import { z } from 'zod';

export const deskMailSchema = z.object({
  /** Whether this installation runs the SMTP receiver (TANDEM_SMTP_LISTEN); without it the addresses receive nothing yet. */
  receiving: z.boolean(),
  desks: z.array(
    z.object({
      deskId: z.uuid(),
      name: z.string(),
      kind: z.string(),
      address: z
        .string()
        .describe('Email to this address opens a ticket on the desk (desk+<token>@TANDEM_MAIL_DOMAIN)'),
    }),
  ),
});
export type DeskMail = z.infer<typeof deskMailSchema>;
