/** Patient contacts as they cross the API. Every field about the patient is PHI. */
import { z } from 'zod';
import { listPageSchema } from '../core/page-schema.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const patientContactInputSchema = z.strictObject({
  name: text(200),
  phone: z
    .string()
    .trim()
    .min(3)
    .max(40)
    .regex(/^[0-9+()\-. ]+$/, 'must be a phone number: digits, spaces and + ( ) - .')
    .optional(),
  email: z.email().max(254).optional(),
  /** Free text from the patient desk: PHI like the rest. */
  note: text(4000).optional(),
});
export type PatientContactInput = z.infer<typeof patientContactInputSchema>;

/** A change: a field set to null is cleared; the name can change but not be cleared. */
export const patientContactPatchSchema = z.strictObject({
  name: text(200).optional(),
  phone: patientContactInputSchema.shape.phone.unwrap().nullable().optional(),
  email: patientContactInputSchema.shape.email.unwrap().nullable().optional(),
  note: text(4000).nullable().optional(),
});
export type PatientContactPatch = z.infer<typeof patientContactPatchSchema>;

export const PHI_FIELDS = ['name', 'phone', 'email', 'note'] as const;

export const patientContactSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PatientContact = z.infer<typeof patientContactSchema>;

/** What a change returns to a caller who may change contacts but not read PHI: no patient fields. */
export const patientContactReceiptSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PatientContactReceipt = z.infer<typeof patientContactReceiptSchema>;

export const patientContactListSchema = listPageSchema('contacts', patientContactSchema);
