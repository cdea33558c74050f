/**
 * Examples for the request and response bodies of the operations an integrator starts with, and
 * the tags that group operations in the reference. Redocly's linter checks each example against
 * its schema (test/integration/openapi-lint.test.ts), so they cannot drift from the API.
 */
const practiceId = '7d1f3c2a-5b6e-4f80-9a1b-2c3d4e5f6a7b';

const apiToken = {
  id: '0b8e6a52-3f1d-4c7a-9e2b-5d4c3b2a1f0e',
  name: 'PSA sync',
  prefix: 'tdm_3kQ9',
  permissions: ['practice.read', 'users.read', 'assessments.read'],
  createdAt: '2026-12-01T09:30:00.000Z',
  expiresAt: '2027-03-01T09:30:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
};

const practice = {
  id: practiceId,
  name: 'Riverside Family Dental',
  specialty: 'dental',
  jurisdiction: 'US',
  timeZone: 'America/Chicago',
  createdAt: '2026-11-02T15:04:05.000Z',
  updatedAt: '2026-11-02T15:04:05.000Z',
};

const contact = {
  id: '5f9c7e1d-2a3b-4c5d-8e6f-7a8b9c0d1e2f',
  name: 'Jordan Example',
  phone: '+1 555 0100',
  email: 'jordan@example.com',
  note: 'Prefers a call after 4pm',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

interface Examples {
  request?: unknown;
  responses?: Record<string, unknown>;
}

export const operationExamples: Record<string, Examples> = {
  signIn: { request: { email: 'tech@msp.example', password: 'correct horse battery staple' } },
  createPractice: {
    request: { name: 'Riverside Family Dental', specialty: 'dental', jurisdiction: 'US', timeZone: 'America/Chicago' },
    responses: { 201: practice },
  },
  getPractice: { responses: { 200: practice } },
  updatePractice: {
    request: { timeZone: 'America/Denver' },
    responses: { 200: { ...practice, timeZone: 'America/Denver' } },
  },
  createApiToken: {
    request: { name: 'PSA sync', permissions: ['practice.read', 'users.read', 'assessments.read'], expiresInDays: 90 },
    responses: { 201: { token: 'tdm_3kQ9cV1xLwP0aR7sT2uY5zB8nM4jH6gF', apiToken } },
  },
  listApiTokens: { responses: { 200: { apiTokens: [apiToken], next: null } } },
  inviteMember: { request: { email: 'sam@riverside.example', displayName: 'Sam Rivera', role: 'practice_staff' } },
  createPatientContact: {
    request: {
      name: 'Jordan Example',
      phone: '+1 555 0100',
      email: 'jordan@example.com',
      note: 'Prefers a call after 4pm',
    },
    responses: { 201: contact },
  },
  listPatientContacts: { responses: { 200: { contacts: [contact], next: null } } },
};

export const apiTags = [
  { name: 'system', description: 'Health, readiness and status' },
  { name: 'setup', description: 'First run: the first administrator' },
  { name: 'auth', description: 'Signing in, second factor, sessions and passwords (people, not tokens)' },
  { name: 'practices', description: 'The practices you hold a role in' },
  { name: 'home', description: "Each practice's next steps and what needs your attention" },
  { name: 'members', description: 'People in a practice and their roles' },
  { name: 'invitations', description: 'Invitations to join a practice' },
  { name: 'api tokens', description: 'Tokens for integrations, each scoped to one practice and a set of permissions' },
  { name: 'audit', description: 'The tamper-evident audit log' },
  { name: 'assessments', description: 'The sourcing advisor: in-house, co-managed or fully managed IT' },
  { name: 'matrix', description: 'The responsibility matrix: who does what, agreed by both sides' },
  { name: 'patient desk', description: 'Patient contacts (PHI: encrypted at rest, reads audited)' },
];
