/**
 * What the OpenAPI document says about each operation beyond its zod schemas: a stable operationId,
 * a tag, and the security requirement that follows from the route's declared access. Kept in one
 * table rather than in each route file, so the names integrators generate clients from are
 * reviewed together and cannot drift apart in style. A route may still set `schema.operationId`
 * itself; a route in neither place gets a name derived from its method and path.
 */
import type { Permission } from '../core/permissions/permissions.ts';
import type { Access } from './caller/access.ts';

interface OperationFacts {
  operationId: string;
  /** The handler refuses API tokens (an administrator acting on accounts, tokens minting tokens). */
  peopleOnly?: boolean;
  /** The permission the handler checks itself, when the access declaration cannot name it. */
  permission?: Permission;
}

/** Keyed by "METHOD /path" exactly as the route is registered. */
const operations: Record<string, OperationFacts> = {
  'GET /api/v1/status': { operationId: 'getStatus' },
  'GET /api/v1/setup': { operationId: 'getSetup' },
  'POST /api/v1/setup': { operationId: 'completeSetup' },
  'POST /api/v1/auth/sign-in': { operationId: 'signIn' },
  'POST /api/v1/auth/mfa/verify': { operationId: 'verifyMfa' },
  'POST /api/v1/auth/mfa/enrolment': { operationId: 'startMfaEnrolment' },
  'POST /api/v1/auth/mfa/enrolment/confirm': { operationId: 'confirmMfaEnrolment' },
  'POST /api/v1/auth/mfa/recovery-codes': { operationId: 'regenerateRecoveryCodes' },
  'POST /api/v1/auth/mfa/turn-off': { operationId: 'turnOffMfa' },
  'POST /api/v1/key-rotations': { operationId: 'startKeyRotation' },
  'GET /api/v1/key-rotations/:rotationId': { operationId: 'getKeyRotation' },
  'GET /api/v1/auth/session': { operationId: 'getSession' },
  'POST /api/v1/auth/sign-out': { operationId: 'signOut' },
  'POST /api/v1/auth/sign-out-everywhere': { operationId: 'signOutEverywhere' },
  'GET /api/v1/auth/sessions': { operationId: 'listSessions' },
  'DELETE /api/v1/auth/sessions/:sessionId': { operationId: 'endSession' },
  'GET /api/v1/auth/notices': { operationId: 'listAccountNotices' },
  'POST /api/v1/auth/password': { operationId: 'changePassword' },
  'POST /api/v1/auth/set-password': { operationId: 'setPassword' },
  'POST /api/v1/auth/password-reset': { operationId: 'requestPasswordReset' },
  'POST /api/v1/auth/password-reset/complete': { operationId: 'completePasswordReset' },
  'GET /api/v1/practices': { operationId: 'listPractices' },
  'POST /api/v1/practices': { operationId: 'createPractice' },
  'GET /api/v1/practices/:practiceId': { operationId: 'getPractice' },
  'PATCH /api/v1/practices/:practiceId': { operationId: 'updatePractice' },
  'GET /api/v1/home': { operationId: 'getHome' },
  'GET /api/v1/practices/:practiceId/home': { operationId: 'getPracticeHome', peopleOnly: true },
  'GET /api/v1/practices/:practiceId/members': { operationId: 'listMembers' },
  'POST /api/v1/practices/:practiceId/members': { operationId: 'inviteMember', peopleOnly: true },
  'PATCH /api/v1/practices/:practiceId/members/:userId': { operationId: 'changeMemberRole' },
  'DELETE /api/v1/practices/:practiceId/members/:userId': { operationId: 'removeMember' },
  'POST /api/v1/practices/:practiceId/members/:userId/password-reset': {
    operationId: 'resetMemberPassword',
    peopleOnly: true,
  },
  'POST /api/v1/practices/:practiceId/members/:userId/mfa-reset': { operationId: 'resetMemberMfa', peopleOnly: true },
  'PUT /api/v1/practices/:practiceId/members/:userId/disabled': { operationId: 'setMemberDisabled', peopleOnly: true },
  'GET /api/v1/practices/:practiceId/invitations': { operationId: 'listInvitations' },
  'DELETE /api/v1/practices/:practiceId/invitations/:invitationId': {
    operationId: 'withdrawInvitation',
    peopleOnly: true,
  },
  'POST /api/v1/practices/:practiceId/invitations/:invitationId/resend': {
    operationId: 'resendInvitation',
    peopleOnly: true,
  },
  'POST /api/v1/invitations/preview': { operationId: 'previewInvitation' },
  'POST /api/v1/invitations/create-account': { operationId: 'acceptInvitationWithNewAccount' },
  'POST /api/v1/invitations/accept': { operationId: 'acceptInvitation' },
  'GET /api/v1/practices/:practiceId/api-tokens': { operationId: 'listApiTokens' },
  'POST /api/v1/practices/:practiceId/api-tokens': { operationId: 'createApiToken', peopleOnly: true },
  'DELETE /api/v1/practices/:practiceId/api-tokens/:tokenId': { operationId: 'revokeApiToken' },
  'GET /api/v1/practices/:practiceId/webhooks': { operationId: 'listWebhooks' },
  'POST /api/v1/practices/:practiceId/webhooks': { operationId: 'createWebhook' },
  'GET /api/v1/practices/:practiceId/webhooks/:webhookId': { operationId: 'getWebhook' },
  'PATCH /api/v1/practices/:practiceId/webhooks/:webhookId': { operationId: 'updateWebhook' },
  'DELETE /api/v1/practices/:practiceId/webhooks/:webhookId': { operationId: 'deleteWebhook' },
  'POST /api/v1/practices/:practiceId/webhooks/:webhookId/rotate-secret': { operationId: 'rotateWebhookSecret' },
  'GET /api/v1/practices/:practiceId/webhooks/:webhookId/deliveries': { operationId: 'listWebhookDeliveries' },
  'POST /api/v1/practices/:practiceId/webhooks/:webhookId/test': { operationId: 'sendWebhookTestEvent' },
  'POST /api/v1/practices/:practiceId/webhooks/:webhookId/deliveries/:deliveryId/redeliver': {
    operationId: 'redeliverWebhookDelivery',
  },
  'GET /api/v1/organization/webhooks': { operationId: 'listOrganizationWebhooks' },
  'POST /api/v1/organization/webhooks': { operationId: 'createOrganizationWebhook' },
  'GET /api/v1/organization/webhooks/:webhookId': { operationId: 'getOrganizationWebhook' },
  'PATCH /api/v1/organization/webhooks/:webhookId': { operationId: 'updateOrganizationWebhook' },
  'DELETE /api/v1/organization/webhooks/:webhookId': { operationId: 'deleteOrganizationWebhook' },
  'POST /api/v1/organization/webhooks/:webhookId/rotate-secret': { operationId: 'rotateOrganizationWebhookSecret' },
  'GET /api/v1/organization/webhooks/:webhookId/deliveries': { operationId: 'listOrganizationWebhookDeliveries' },
  'POST /api/v1/organization/webhooks/:webhookId/test': { operationId: 'sendOrganizationWebhookTestEvent' },
  'POST /api/v1/organization/webhooks/:webhookId/deliveries/:deliveryId/redeliver': {
    operationId: 'redeliverOrganizationWebhookDelivery',
  },
  'GET /api/v1/practices/:practiceId/audit': { operationId: 'searchAudit' },
  'GET /api/v1/practices/:practiceId/audit.csv': { operationId: 'exportAuditCsv' },
  'POST /api/v1/practices/:practiceId/assessments': { operationId: 'createAssessment' },
  'POST /api/v1/assessments': { operationId: 'createAssessmentForPractice', permission: 'assessments.run' },
  'GET /api/v1/practices/:practiceId/assessments': { operationId: 'listAssessments' },
  'GET /api/v1/practices/:practiceId/assessments/compare': { operationId: 'compareAssessments' },
  'GET /api/v1/practices/:practiceId/assessments/:assessmentId': { operationId: 'getAssessment' },
  'GET /api/v1/practices/:practiceId/assessments/:assessmentId/report.html': { operationId: 'getAssessmentReport' },
  'GET /api/v1/practices/:practiceId/matrix/catalog': { operationId: 'getMatrixCatalog' },
  'GET /api/v1/practices/:practiceId/matrix/versions': { operationId: 'listMatrixVersions' },
  'POST /api/v1/practices/:practiceId/matrix/versions': { operationId: 'createMatrixDraft' },
  'GET /api/v1/practices/:practiceId/matrix/versions/:number': { operationId: 'getMatrixVersion' },
  'PUT /api/v1/practices/:practiceId/matrix/versions/:number': { operationId: 'saveMatrixDraft' },
  'POST /api/v1/practices/:practiceId/matrix/versions/:number/propose': { operationId: 'proposeMatrixVersion' },
  'POST /api/v1/practices/:practiceId/matrix/versions/:number/agree': { operationId: 'agreeMatrixVersion' },
  'POST /api/v1/practices/:practiceId/matrix/versions/:number/revise': { operationId: 'reviseMatrixVersion' },
  'GET /api/v1/practices/:practiceId/matrix/diff': { operationId: 'diffMatrixVersions' },
  'GET /api/v1/practices/:practiceId/matrix/versions/:number/export': { operationId: 'exportMatrixVersion' },
  'GET /api/v1/practices/:practiceId/matrix/route': { operationId: 'routeActivity' },
  'POST /api/v1/practices/:practiceId/patient-contacts': { operationId: 'createPatientContact' },
  'GET /api/v1/practices/:practiceId/patient-contacts': { operationId: 'listPatientContacts' },
  'GET /api/v1/practices/:practiceId/patient-contacts/:contactId': { operationId: 'getPatientContact' },
  'PATCH /api/v1/practices/:practiceId/patient-contacts/:contactId': { operationId: 'updatePatientContact' },
  'DELETE /api/v1/practices/:practiceId/patient-contacts/:contactId': { operationId: 'deletePatientContact' },
  'GET /api/v1/practices/:practiceId/desks': { operationId: 'listDesks' },
  'PATCH /api/v1/practices/:practiceId/desks/:deskId': { operationId: 'updateDesk' },
  'GET /api/v1/practices/:practiceId/desk-privacy': { operationId: 'getDeskPrivacy' },
  'GET /api/v1/practices/:practiceId/desk-reports/sla': { operationId: 'getDeskSlaReport' },
  'PUT /api/v1/practices/:practiceId/desk-privacy': { operationId: 'setDeskPrivacy' },
  'GET /api/v1/practices/:practiceId/desk-mail': { operationId: 'getDeskMailAddresses' },
  'POST /api/v1/practices/:practiceId/tickets': { operationId: 'createTicket' },
  'GET /api/v1/practices/:practiceId/tickets': { operationId: 'listTickets' },
  'GET /api/v1/practices/:practiceId/tickets/:ticketId': { operationId: 'getTicket' },
  'GET /api/v1/practices/:practiceId/ticket-numbers/:reference': { operationId: 'getTicketByNumber' },
  'POST /api/v1/practices/:practiceId/tickets/:ticketId/replies': { operationId: 'replyToTicket' },
  'POST /api/v1/practices/:practiceId/tickets/:ticketId/status': { operationId: 'changeTicketStatus' },
  'POST /api/v1/practices/:practiceId/tickets/:ticketId/assignment': { operationId: 'assignTicket' },
  'POST /api/v1/practices/:practiceId/tickets/:ticketId/take': { operationId: 'takeTicket' },
  'POST /api/v1/practices/:practiceId/tickets/:ticketId/rating': { operationId: 'rateTicket' },
  'GET /api/v1/practices/:practiceId/monitor/checks': { operationId: 'listChecks' },
  'POST /api/v1/practices/:practiceId/monitor/checks': { operationId: 'createCheck' },
  'POST /api/v1/practices/:practiceId/monitor/checks/import/preview': { operationId: 'previewCheckImport' },
  'POST /api/v1/practices/:practiceId/monitor/checks/import': { operationId: 'importChecks' },
  'GET /api/v1/practices/:practiceId/monitor/checks/:checkId': { operationId: 'getCheck' },
  'PATCH /api/v1/practices/:practiceId/monitor/checks/:checkId': { operationId: 'updateCheck' },
  'DELETE /api/v1/practices/:practiceId/monitor/checks/:checkId': { operationId: 'deleteCheck' },
  'POST /api/v1/practices/:practiceId/monitor/checks/:checkId/run': { operationId: 'runCheck' },
  'GET /api/v1/practices/:practiceId/monitor/checks/:checkId/results': { operationId: 'listCheckResults' },
  'GET /api/v1/practices/:practiceId/monitor/checks/:checkId/uptime': { operationId: 'getCheckUptime' },
  'GET /api/v1/practices/:practiceId/monitor/checks/:checkId/readings': { operationId: 'getCheckReadings' },
  'GET /api/v1/practices/:practiceId/monitor/checks/:checkId/uptime-days': { operationId: 'getCheckUptimeDays' },
  'GET /api/v1/practices/:practiceId/monitor/maintenance-calendar': { operationId: 'getMaintenanceCalendar' },
  'POST /api/v1/practices/:practiceId/monitor/maintenance': { operationId: 'addPracticeMaintenanceWindow' },
  'DELETE /api/v1/practices/:practiceId/monitor/maintenance/:windowId': {
    operationId: 'removePracticeMaintenanceWindow',
  },
  'GET /api/v1/practices/:practiceId/monitor/checks/:checkId/maintenance': { operationId: 'listMaintenanceWindows' },
  'POST /api/v1/practices/:practiceId/monitor/checks/:checkId/maintenance': { operationId: 'addMaintenanceWindow' },
  'DELETE /api/v1/practices/:practiceId/monitor/checks/:checkId/maintenance/:windowId': {
    operationId: 'removeMaintenanceWindow',
  },
  'GET /api/v1/practices/:practiceId/devices': { operationId: 'listDevices' },
  'POST /api/v1/practices/:practiceId/devices': { operationId: 'createDevice' },
  'GET /api/v1/practices/:practiceId/devices/risks': { operationId: 'countDeviceRisks' },
  'GET /api/v1/practices/:practiceId/devices.csv': { operationId: 'exportDevices' },
  'POST /api/v1/practices/:practiceId/devices/import': { operationId: 'importDevices' },
  'GET /api/v1/practices/:practiceId/devices/:deviceId': { operationId: 'getDevice' },
  'PATCH /api/v1/practices/:practiceId/devices/:deviceId': { operationId: 'updateDevice' },
  'DELETE /api/v1/practices/:practiceId/devices/:deviceId': { operationId: 'deleteDevice' },
  'GET /api/v1/practices/:practiceId/devices/:deviceId/history': { operationId: 'getDeviceHistory' },
  'GET /api/v1/practices/:practiceId/devices/:deviceId/readings': { operationId: 'getDeviceReadings' },
  'GET /api/v1/monitor/overview': { operationId: 'getMonitorOverview', peopleOnly: true },
  'GET /api/v1/monitor/overview/events': { operationId: 'streamMonitorOverview', peopleOnly: true },
  'GET /api/v1/practices/:practiceId/monitor/status': { operationId: 'getMonitorStatus' },
  'GET /api/v1/practices/:practiceId/monitor/events': { operationId: 'streamMonitorEvents' },
  'GET /api/v1/practices/:practiceId/monitor/status-page': { operationId: 'getStatusPageSettings' },
  'PUT /api/v1/practices/:practiceId/monitor/status-page': { operationId: 'updateStatusPageSettings' },
  'GET /api/v1/status-pages/:slug': { operationId: 'getPublicStatusPage' },
  'GET /api/v1/monitor/push/:token': { operationId: 'pingPushCheck' },
  'POST /api/v1/monitor/push/:token': { operationId: 'postPushCheckPing' },
  'GET /api/v1/practices/:practiceId/backups/systems': { operationId: 'listBackupSystems' },
  'POST /api/v1/practices/:practiceId/backups/systems': { operationId: 'createBackupSystem' },
  'GET /api/v1/practices/:practiceId/backups/systems/:systemId': { operationId: 'getBackupSystem' },
  'PATCH /api/v1/practices/:practiceId/backups/systems/:systemId': { operationId: 'updateBackupSystem' },
  'DELETE /api/v1/practices/:practiceId/backups/systems/:systemId': { operationId: 'deleteBackupSystem' },
  'GET /api/v1/practices/:practiceId/backups/jobs': { operationId: 'listBackupJobs' },
  'POST /api/v1/practices/:practiceId/backups/jobs': { operationId: 'createBackupJob' },
  'GET /api/v1/practices/:practiceId/backups/jobs/:jobId': { operationId: 'getBackupJob' },
  'PATCH /api/v1/practices/:practiceId/backups/jobs/:jobId': { operationId: 'updateBackupJob' },
  'DELETE /api/v1/practices/:practiceId/backups/jobs/:jobId': { operationId: 'deleteBackupJob' },
  'GET /api/v1/practices/:practiceId/backups/jobs/:jobId/reports': { operationId: 'listBackupReports' },
  'POST /api/v1/practices/:practiceId/backups/systems/:systemId/restore-tests': { operationId: 'recordRestoreTest' },
  'GET /api/v1/practices/:practiceId/backups/systems/:systemId/restore-tests': { operationId: 'listRestoreTests' },
  'GET /api/v1/practices/:practiceId/backups/restore-tests/:testId': { operationId: 'getRestoreTest' },
  'GET /api/v1/practices/:practiceId/backups/restore-tests/:testId/evidence': { operationId: 'getRestoreTestEvidence' },
  'PUT /api/v1/practices/:practiceId/backups/restore-tests/:testId/evidence': { operationId: 'putRestoreTestEvidence' },
  'GET /api/v1/practices/:practiceId/backups/report': { operationId: 'getBackupReport' },
  'POST /api/v1/backup-reports/:token': { operationId: 'postBackupReport' },
};

const verbs: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'put', PATCH: 'update', DELETE: 'delete' };

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A name for a route missing from the table: the verb and the path's words, practice scope and
 * parameters left out (`GET /api/v1/practices/:practiceId/jobs/:jobId` -> `getJobsByJobId`).
 */
export function derivedOperationId(method: string, url: string): string {
  const parts = url.replace(/^\/api\/v1\/(practices\/:practiceId\/)?/, '').split('/');
  const words = parts.map((part) =>
    part.startsWith(':')
      ? `By${capitalised(part.slice(1))}`
      : part
          .split(/[^A-Za-z0-9]+/)
          .map(capitalised)
          .join(''),
  );
  return `${verbs[method] ?? method.toLowerCase()}${words.join('')}`;
}

type SecurityRequirement = Record<string, string[]>;

/**
 * Who may call the operation, as OpenAPI security requirements: the browser session, and for
 * practice routes an API token holding the permission (listed as the requirement's scope, so an
 * integrator can mint a least-privilege token). Public routes need nothing.
 */
function securityFor(access: Access | undefined, facts: OperationFacts | undefined): SecurityRequirement[] {
  switch (access?.kind) {
    case undefined:
    case 'public':
      return [];
    case 'session':
    case 'user':
    case 'organization':
      return [{ session: [] }];
    case 'metrics':
      return [{ metricsToken: [] }];
    case 'principal':
    case 'practice': {
      const permission = access.kind === 'practice' ? access.permission : facts?.permission;
      if (facts?.peopleOnly) return [{ session: [] }];
      return [{ session: [] }, { bearer: permission ? [permission] : [] }];
    }
  }
}

export interface OperationDescription {
  operationId: string;
  tags: string[];
  security: SecurityRequirement[];
}

/** The operationId, tags and security of one route, for @fastify/swagger's transform. */
export function describeOperation(
  method: string,
  url: string,
  access: Access | undefined,
  schema: { operationId?: unknown; tags?: unknown },
): OperationDescription {
  const facts = operations[`${method} ${url}`];
  const operationId =
    typeof schema.operationId === 'string'
      ? schema.operationId
      : (facts?.operationId ?? derivedOperationId(method, url));
  const tags = Array.isArray(schema.tags) && schema.tags.length > 0 ? schema.tags.map(String) : [fallbackTag(url)];
  return { operationId, tags, security: securityFor(access, facts) };
}

/** The first word of the path after the practice scope: `/api/v1/practices/:practiceId/jobs` -> `jobs`. */
function fallbackTag(url: string): string {
  return url.replace(/^\/api\/v1\/(practices\/:practiceId\/)?/, '').split('/')[0] || 'system';
}
