/** HTTP shapes for identity: shared by the server, the web app and the tests. */
import { z } from 'zod';
import { permissions, roles } from '../permissions/permissions.ts';
import { listPageSchema } from '../page-schema.ts';

export const roleSchema = z.enum(roles);
export const permissionSchema = z.enum(permissions);

const email = z.string().trim().max(254).pipe(z.email('must be an email address'));
const password = z.string().min(1, 'is required').max(1024, 'is too long');
const displayName = z.string().trim().min(1, 'must not be blank').max(200);

export const signInSchema = z.strictObject({ email, password });
export const mfaVerifySchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app')
      .optional(),
    recoveryCode: z.string().trim().min(8).max(32).optional(),
  })
  .refine((v) => (v.code === undefined) !== (v.recoveryCode === undefined), {
    message: 'send either code or recoveryCode',
  });
const totpCodeField = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app');
/** New recovery codes: proved by the current password or a current code (either or both). */
export const recoveryCodesRequestSchema = z
  .strictObject({ password: password.optional(), code: totpCodeField.optional() })
  .refine((v) => v.password !== undefined || v.code !== undefined, {
    message: 'send your current password or a code from your authenticator app',
  });
/** Turning MFA off: the current password and a current code, both. */
export const mfaTurnOffSchema = z.strictObject({ password, code: totpCodeField });
export const mfaResetSchema = z.object({ sessionsEnded: z.number().int() });
export const mfaConfirmSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app'),
});
const linkToken = z.string().min(10).max(200);
export const setPasswordSchema = z.strictObject({ token: linkToken, password });
export const passwordResetRequestSchema = z.strictObject({ email });
export const passwordResetRequestedSchema = z.object({ message: z.string() });
export const changePasswordSchema = z.strictObject({ currentPassword: password, newPassword: password });
export const passwordChangedSchema = z.object({ otherSessionsEnded: z.number().int() });

export const signInStatusSchema = z.enum(['signed_in', 'mfa_required', 'mfa_enrolment_required']);

/** A practice the user holds a role in, with what that role may do there (so clients need no copy of the matrix). */
export const membershipViewSchema = z.object({
  practiceId: z.uuid(),
  practiceName: z.string(),
  role: roleSchema,
  permissions: z.array(permissionSchema),
});

export const sessionViewSchema = z
  .object({
    status: signInStatusSchema,
    csrfToken: z.string(),
    user: z.object({
      id: z.uuid(),
      email: z.string(),
      displayName: z.string(),
      orgAdmin: z.boolean(),
      mfaEnabled: z.boolean(),
      mfaRequired: z.boolean(),
    }),
    memberships: z.array(membershipViewSchema),
    idleTimeoutMinutes: z.number().int(),
  })
  .meta({ id: 'Session' });

export const mfaEnrolmentSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const activeSessionSchema = z.object({
  id: z.uuid(),
  current: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export const activeSessionPageSchema = listPageSchema('sessions', activeSessionSchema);

export const memberSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: roleSchema,
    mfaEnabled: z.boolean(),
    disabled: z.boolean(),
  })
  .meta({ id: 'Member' });

export const memberInputSchema = z.strictObject({ email, displayName, role: roleSchema });
export const memberRoleSchema = z.strictObject({ role: roleSchema });
export const memberDisabledSchema = z.strictObject({ disabled: z.boolean() });
export const passwordResetSchema = z.object({ setPasswordLink: z.string() });

export const invitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);

/** An invitation as its practice sees it: what the inviter typed, and where it stands. */
export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: roleSchema,
    status: invitationStatusSchema,
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Invitation' });

/**
 * The reply to adding a person: the same shape whether or not the address has an account, holding
 * only what the inviter typed and the one-time link (shown this once) to hand to the person.
 */
/**
 * With an SMTP server the link goes only to the invitee (`emailedTo`); without one the
 * administrator gets it once (`invitationLink`) to hand over, as the email also waits in the outbox.
 */
export const invitationCreatedSchema = z.object({
  invitation: invitationSchema,
  invitationLink: z.string().optional(),
  emailedTo: z.string().optional(),
});

export const invitationTokenSchema = z.strictObject({ token: linkToken });
export const invitationNewAccountSchema = z.strictObject({ token: linkToken, password });

/** What the invitation link's holder sees before accepting: never whether the address has an account. */
export const invitationPreviewSchema = z
  .object({
    practiceName: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: roleSchema,
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'InvitationPreview' });

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    permissions: z.array(permissionSchema),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const apiTokenInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be blank').max(100),
  permissions: z.array(permissionSchema).min(1, 'grant at least one permission').max(permissions.length),
  expiresInDays: z.number().int().min(1).max(730).nullable().default(90),
});
export const memberPageSchema = listPageSchema('members', memberSchema);
export const invitationPageSchema = listPageSchema('invitations', invitationSchema);
export const apiTokenPageSchema = listPageSchema('apiTokens', apiTokenSchema);
export const apiTokenCreatedSchema = z.object({ token: z.string(), apiToken: apiTokenSchema });

export const setupSchema = z.strictObject({
  token: z.string().min(10).max(200),
  organization: z.strictObject({ name: displayName, kind: z.enum(['msp', 'practice']) }),
  practice: z.strictObject({
    name: displayName,
    specialty: z.enum(['medical', 'dental', 'other']),
    jurisdiction: z.enum(['US', 'UK']).default('US'),
    timeZone: z.string().max(64).default('America/New_York'),
  }),
  admin: z.strictObject({ email, displayName, password }),
});
