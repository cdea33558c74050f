/** What each first step is called on the home page, why it matters and where it is done. */
import type { StepId } from '../../../src/home/schema.ts';

export const stepText: Record<StepId, { title: string; why: string; action: string; to: string }> = {
  run_assessment: {
    title: 'Run a sourcing assessment',
    why: 'Compare in-house, co-managed and fully managed IT for this practice, on cost and risk.',
    action: 'Open the advisor',
    to: '/advisor',
  },
  draft_matrix: {
    title: 'Draft the responsibility matrix',
    why: 'Say who is Responsible, Accountable, Consulted and Informed for each IT activity.',
    action: 'Draft the matrix',
    to: '/responsibilities',
  },
  agree_matrix: {
    title: 'Agree the matrix and put it in force',
    why: 'The practice and its MSP both agree a version; the version in force routes the work.',
    action: 'Open the matrix',
    to: '/responsibilities',
  },
  invite_people: {
    title: 'Invite the people who work with you',
    why: 'Colleagues and your MSP each get a role with only what it needs.',
    action: 'Invite people',
    to: '/practice/people',
  },
  turn_on_mfa: {
    title: 'Turn on two-factor authentication',
    why: 'A code from an authenticator app, as well as your password, protects practice and patient data.',
    action: 'Turn it on',
    to: '/account/mfa',
  },
};

/** "the MSP" / "the practice", for sentences about who still has to agree. */
export const sideText = { msp: 'the MSP', practice: 'the practice' } as const;
