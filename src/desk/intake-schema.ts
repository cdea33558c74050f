/**
 * The public patient intake form (issue 18 item 5) as it crosses the API: the practice's setting,
 * what the form and the follow page show a patient, and what the patient sends. Pure zod, so the
 * web app's public pages use the same checks (and the server's messages name the same fields).
 */
import { z } from 'zod';
import { patientContactInputSchema } from './schema.ts';
import { statuses } from './ticket-schema.ts';

/** The practice's setting: off by default; the form's public id once it was first opened. */
export const intakeSettingsSchema = z.object({
  enabled: z.boolean(),
  asksBirthDate: z.boolean(),
  /** The form's public id (its address is /intake/<formId>); null until the form is first opened. */
  formId: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type IntakeSettings = z.infer<typeof intakeSettingsSchema>;

export const intakeSettingsInputSchema = z.strictObject({
  enabled: z.boolean(),
  asksBirthDate: z.boolean().default(false),
});
export type IntakeSettingsInput = z.infer<typeof intakeSettingsInputSchema>;

/** What the public form shows before the patient writes: whose form it is and what it asks. */
export const intakeFormSchema = z.object({
  practiceName: z.string(),
  asksBirthDate: z.boolean(),
});
export type IntakeForm = z.infer<typeof intakeFormSchema>;

/** The form's public id: 20 characters of a lower-case base32 alphabet. */
export const intakeFormIdSchema = z.string().regex(/^[a-z2-7]{20}$/, 'must be a form id from the practice’s link');

/** A date of birth: a real date (the past check runs only on one). */
const birthDate = z.iso
  .date('must be a date, YYYY-MM-DD')
  .pipe(
    z.string().refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'must be a past date'),
  );

/** The longest request a patient may send, in characters. */
export const maxRequestLength = 4000;

/**
 * What the patient sends. `website` is the honeypot: a field people never see (hidden from
 * sight and from screen readers) that form-filling robots fill in.
 */
export const intakeRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'give your name').max(200),
    email: patientContactInputSchema.shape.email,
    phone: patientContactInputSchema.shape.phone,
    birthDate: birthDate.optional(),
    request: z.string().trim().min(1, 'say what you need help with').max(maxRequestLength),
    website: z.string().max(500).optional(),
  })
  .refine((r) => r.email !== undefined || r.phone !== undefined, {
    path: ['email'],
    message: 'give an email address or a phone number so the practice can reach you',
  });
export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

/** What the patient gets back: the ticket's number and the link to follow it (shown once). */
export const intakeReceiptSchema = z.object({
  ticketReference: z.string(),
  followUrl: z.string(),
  /** Whether the link was also emailed (an email address was given and the installation sends mail). */
  emailed: z.boolean(),
});
export type IntakeReceipt = z.infer<typeof intakeReceiptSchema>;

/** One message on the follow page: the patient's own, or the practice's public reply (never a note, never a name). */
export const followMessageSchema = z.object({
  from: z.enum(['you', 'practice']),
  body: z.string(),
  at: z.iso.datetime(),
});

/** What the follow link shows: the ticket's state and its public conversation, nothing else. */
export const followViewSchema = z.object({
  practiceName: z.string(),
  ticketReference: z.string(),
  status: z.enum(statuses),
  openedAt: z.iso.datetime(),
  messages: z.array(followMessageSchema),
});
export type FollowView = z.infer<typeof followViewSchema>;

export const followReplySchema = z.strictObject({
  body: z.string().trim().min(1, 'write your reply').max(maxRequestLength),
});

/** The header that carries the follow token (kept out of addresses, so out of logs and Referer). */
export const followTokenHeader = 'x-follow-token';
