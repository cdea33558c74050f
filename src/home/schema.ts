/** HTTP shapes of the home pages (issue 16, section 3): shared by the server, the web app and the tests. */
import { z } from 'zod';
import { roleSchema } from '../core/identity/schema.ts';
import { listPageSchema } from '../core/page-schema.ts';
import { agreementSides } from '../matrix/version-schema.ts';

/** The first things a practice does in Tandem, in the order it usually does them. */
export const stepIds = ['run_assessment', 'draft_matrix', 'agree_matrix', 'invite_people', 'turn_on_mfa'] as const;
export type StepId = (typeof stepIds)[number];

const sideSchema = z.enum(agreementSides);

export const homeStepSchema = z.object({
  id: z.enum(stepIds),
  done: z.boolean(),
  /** The caller's role may do this step (else someone else in the practice must). */
  canAct: z.boolean(),
});

export const practiceHomeSchema = z
  .object({
    practice: z.object({ id: z.uuid(), name: z.string() }),
    role: roleSchema,
    side: sideSchema,
    /** Only the steps whose data the caller's role may read. */
    steps: z.array(homeStepSchema),
    /** The matrix versions that matter now; null when the role may not read the matrix. */
    matrix: z
      .object({
        inForce: z.int().nullable(),
        draft: z.int().nullable(),
        proposed: z.object({ number: z.int(), waitingFor: z.array(sideSchema) }).nullable(),
      })
      .nullable(),
    attention: z.object({
      /** A proposed version waiting for the caller's side, when the caller may agree to it. */
      agreement: z.object({ number: z.int(), proposedAt: z.iso.datetime() }).nullable(),
      /** What the checks find in the version in force; null when none is in force (or not readable). */
      findings: z.object({ number: z.int(), errors: z.int(), warnings: z.int() }).nullable(),
      /** Open invitations that expire within a day, for people who may invite again. */
      expiringInvitations: z.array(
        z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), expiresAt: z.iso.datetime() }),
      ),
      /** Protected systems past their restore-test schedule (each has a ticket); null when the role may not read backups. */
      restoreTestsOverdue: z.int().nullable(),
      /** How many of the above need doing (errors count once): the MSP list sorts by it. */
      count: z.int(),
    }),
  })
  .meta({ id: 'PracticeHome' });
export type PracticeHome = z.infer<typeof practiceHomeSchema>;

export const homePageSchema = listPageSchema('practices', practiceHomeSchema);
