/** The matrix fixture shared by the validation tests and the versions API tests. */
import type { MatrixInput } from '../../src/matrix/schema.ts';

/** A small co-managed practice that validates clean. */
export function smallMatrix(): MatrixInput {
  return {
    parties: [
      {
        id: 'leadership',
        name: 'Practice leadership',
        side: 'practice',
        kind: 'leadership',
        securityOfficial: true,
        // On call for security incidents, so the 24x7 EDR row has someone to escalate to at night.
        coverage: '24x7',
      },
      { id: 'dana', name: 'Dana (office IT)', side: 'internal_it', kind: 'person', covers: [] },
      {
        id: 'msp-desk',
        name: 'MSP service desk',
        side: 'msp',
        kind: 'team',
        covers: ['dana'],
        scope: ['help_desk_it', 'backup_dr'],
      },
      { id: 'msp-soc', name: 'MSP SOC', side: 'msp', kind: 'team', coverage: '24x7', scope: ['security_operations'] },
    ],
    activities: [
      {
        id: 'accounts',
        name: 'Create and remove user accounts',
        function: 'help_desk_it',
        coverage: 'business',
        sla: 'high',
        practiceAccountable: true,
      },
      { id: 'edr', name: 'Triage EDR alerts', function: 'security_operations', coverage: '24x7', sla: 'critical' },
      { id: 'backups', name: 'Verify nightly backups', function: 'backup_dr', coverage: 'business', sla: 'normal' },
    ],
    assignments: [
      {
        activity: 'accounts',
        responsible: ['dana'],
        accountable: ['leadership'],
        escalation: ['msp-desk', 'leadership'],
      },
      {
        activity: 'edr',
        responsible: ['msp-soc'],
        accountable: ['msp-soc'],
        informed: ['leadership'],
        escalation: ['msp-desk', 'leadership'],
      },
      { activity: 'backups', responsible: ['msp-desk'], accountable: ['msp-desk'], escalation: ['dana', 'leadership'] },
    ],
  };
}
