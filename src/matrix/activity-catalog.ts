/**
 * The activity catalog shipped as data (issue 5, point 1): the work a practice's IT consists of,
 * grouped by the sourcing advisor's functions. It contains every activity the advisor's function
 * catalog names (same id, same function) and fills each function out to the tasks a management
 * agreement lists, so a draft matrix covers the agreement rather than a summary of it. A practice
 * extends it by adding activities to its own matrix.
 *
 * Per activity: the coverage it needs (24x7 where a night-time delay harms patients or data:
 * alerts, detections, outages), its SLA class, whether HIPAA keeps the practice accountable
 * (architecture.md, security model: the security official, risk-analysis sign-off and breach
 * notification stay with the practice whoever does the work), who does it under co-management,
 * and the activities only the practice or a vendor can do.
 */
import type { FunctionId } from '../advisor/engine/model/function-catalog.ts';
import type { Activity, Coverage, SlaClass } from './schema.ts';

export interface CatalogActivity {
  id: string;
  name: string;
  function: FunctionId;
  coverage: Coverage;
  sla: SlaClass;
  practiceAccountable: boolean;
  /** Who does it when the function is co-managed. */
  coManagedResponsible: 'internal_it' | 'msp';
  /** Decisions only the practice's leadership can take, whoever runs its IT. */
  practiceOnly?: boolean;
  /** Work only a vendor can do; the draft names the vendor Responsible. */
  vendor?: 'ehr_vendor' | 'isp';
}

type Row = [
  id: string,
  name: string,
  coverage: Coverage,
  sla: SlaClass,
  practiceAccountable: boolean,
  coManagedResponsible: 'internal_it' | 'msp',
  extra?: Pick<CatalogActivity, 'practiceOnly' | 'vendor'>,
];

const LEADERSHIP_ONLY = { practiceOnly: true } as const;

const ROWS: Record<FunctionId, Row[]> = {
  help_desk_it: [
    ['triage', 'Triage and log tickets', 'business', 'normal', false, 'internal_it'],
    ['accounts', 'Create and remove user accounts', 'business', 'high', true, 'internal_it'],
    ['escalation', 'Tier 2/3 escalation', 'business', 'high', false, 'msp'],
    ['password_resets', 'Password resets and account unlocks', 'business', 'high', false, 'internal_it'],
    [
      'offboarding',
      'Offboard leavers the same day (accounts, devices, badges)',
      'business',
      'critical',
      true,
      'internal_it',
    ],
    ['email_support', 'Email, calendar and shared mailbox support', 'business', 'normal', false, 'msp'],
  ],
  help_desk_clinical: [
    ['clinical_tickets', 'Clinician tickets during clinic hours', 'business', 'high', false, 'internal_it'],
    ['workflow_changes', 'EMR workflow change requests', 'business', 'normal', true, 'internal_it'],
    ['signature_pads', 'Replace EMR signature pads and card readers', 'business', 'high', false, 'internal_it'],
    ['imaging_devices', 'Support dental imaging sensors and X-ray workstations', 'business', 'critical', false, 'msp'],
    ['eprescribing', 'E-prescribing and EPCS token support', 'business', 'critical', false, 'internal_it'],
  ],
  help_desk_patient: [
    ['portal_support', 'Patient portal and telehealth support', 'business', 'normal', false, 'msp'],
    ['identity_checks', 'Patient identity verification', 'business', 'high', true, 'internal_it'],
    ['portal_accounts', 'Unlock and re-invite patient portal accounts', 'business', 'normal', false, 'msp'],
    ['kiosk_support', 'Check-in kiosks and waiting-room Wi-Fi', 'business', 'low', false, 'internal_it'],
  ],
  end_user_devices: [
    ['provisioning', 'Provision and retire devices', 'business', 'normal', false, 'internal_it'],
    ['patching', 'Patch workstations', 'business', 'high', true, 'msp'],
    ['peripherals', 'Install EMR peripherals', 'business', 'normal', false, 'internal_it'],
    ['device_inventory', 'Keep the device inventory current', 'business', 'normal', true, 'internal_it'],
    ['disk_encryption', 'Enforce disk encryption on laptops and workstations', 'business', 'high', true, 'msp'],
    ['mobile_devices', 'Enrol and wipe phones and tablets (MDM)', 'business', 'high', true, 'msp'],
    ['media_disposal', 'Wipe and dispose of drives and retired devices', 'business', 'normal', true, 'internal_it'],
  ],
  servers_network: [
    ['changes', 'Network and server changes', 'business', 'normal', false, 'internal_it'],
    ['firewall', 'Firewall rules and remote access', 'business', 'high', true, 'msp'],
    ['capacity', 'Capacity and lifecycle planning', 'business', 'low', false, 'msp'],
    ['server_patching', 'Patch servers in the maintenance window', 'business', 'high', true, 'msp'],
    ['wifi', 'Wireless networks and guest isolation', 'business', 'normal', false, 'internal_it'],
    ['internet_outage', 'Restore a failed internet circuit', 'business', 'critical', false, 'msp', { vendor: 'isp' }],
    ['phones', 'VoIP phones and call routing', 'business', 'high', false, 'internal_it'],
  ],
  monitoring_24x7: [
    ['alerts', 'Watch and triage alerts 24/7', '24x7', 'critical', false, 'msp'],
    ['on_call', 'After-hours response', '24x7', 'critical', false, 'msp'],
    ['uptime_checks', 'Uptime checks for the EMR, internet and servers', '24x7', 'high', false, 'msp'],
    ['alert_tuning', 'Tune alert thresholds and silence noise', 'business', 'low', false, 'msp'],
    ['monitoring_reports', 'Monthly availability report', 'business', 'low', false, 'msp'],
  ],
  security_operations: [
    ['edr', 'Run EDR and respond to detections', '24x7', 'critical', false, 'msp'],
    ['access_reviews', 'Access reviews and MFA enforcement', 'business', 'high', true, 'internal_it'],
    ['vuln_scans', 'Vulnerability scanning and remediation', 'business', 'high', true, 'msp'],
    ['phishing_training', 'Security awareness training and phishing tests', 'business', 'normal', true, 'msp'],
    ['email_security', 'Email filtering and quarantine review', 'business', 'high', false, 'msp'],
    ['log_review', 'Review audit logs of EMR and system access', 'business', 'high', true, 'msp'],
    [
      'contain_incident',
      'Contain a security incident (isolate hosts, disable accounts)',
      '24x7',
      'critical',
      false,
      'msp',
    ],
  ],
  backup_dr: [
    ['backup_jobs', 'Run and check backup jobs', 'business', 'high', false, 'msp'],
    ['restore_tests', 'Quarterly restore tests', 'business', 'high', true, 'msp'],
    ['dr_plan', 'Keep the disaster recovery plan current', 'business', 'normal', true, 'internal_it'],
    ['verify_nightly_backups', 'Verify nightly backups completed and are immutable', '24x7', 'critical', false, 'msp'],
    ['offsite_copies', 'Keep an off-site or cloud copy of every backup', 'business', 'high', true, 'msp'],
    ['restore_requests', 'Restore lost files and mailboxes on request', 'business', 'high', false, 'internal_it'],
  ],
  compliance_risk: [
    ['risk_analysis', 'Yearly HIPAA security risk analysis', 'business', 'normal', true, 'msp'],
    ['policies', 'Policies and procedures', 'business', 'normal', true, 'internal_it'],
    ['incident_response', 'Incident response plan and exercises', 'business', 'normal', true, 'msp'],
    [
      'security_official',
      'Designate the HIPAA security official',
      'business',
      'high',
      true,
      'internal_it',
      LEADERSHIP_ONLY,
    ],
    [
      'risk_signoff',
      'Sign off the risk analysis and the risk management plan',
      'business',
      'high',
      true,
      'internal_it',
      LEADERSHIP_ONLY,
    ],
    [
      'breach_notification',
      'Decide on and send breach notifications',
      'business',
      'critical',
      true,
      'internal_it',
      LEADERSHIP_ONLY,
    ],
    ['remediate_high_risks', 'Remediate high risks from the risk analysis', 'business', 'high', true, 'msp'],
    [
      'baa_register',
      'Keep business associate agreements signed and on file',
      'business',
      'normal',
      true,
      'internal_it',
    ],
    ['evidence', 'Collect evidence for each security control', 'business', 'normal', true, 'msp'],
  ],
  emr_support: [
    ['emr_upgrades', 'Plan and test EMR upgrades', 'business', 'normal', false, 'internal_it'],
    ['emr_vendor', 'Escalate to the EMR vendor', 'business', 'high', false, 'internal_it'],
    ['interfaces', 'Lab and imaging interfaces', 'business', 'high', false, 'msp'],
    ['emr_defects', 'Fix EMR application defects', 'business', 'high', false, 'internal_it', { vendor: 'ehr_vendor' }],
    ['emr_roles', 'EMR user roles and permissions', 'business', 'high', true, 'internal_it'],
    ['emr_templates', 'Clinical templates and order sets', 'business', 'normal', false, 'internal_it'],
    ['emr_downtime', 'EMR downtime procedures and read-only copies', 'business', 'critical', true, 'internal_it'],
  ],
  cloud_migration: [
    ['migration_plan', 'Migration plan and cut-over', 'business', 'normal', false, 'msp'],
    ['data_validation', 'Validate migrated data', 'business', 'high', true, 'internal_it'],
    ['cloud_baa', 'Confirm the cloud provider signs a BAA', 'business', 'high', true, 'internal_it'],
    ['cloud_landing_zone', 'Build the cloud tenancy, identity and network', 'business', 'normal', false, 'msp'],
    ['decommission', 'Decommission on-premises servers and wipe their disks', 'business', 'normal', true, 'msp'],
  ],
  data_analytics: [
    ['reports', 'Build and change reports', 'business', 'normal', false, 'internal_it'],
    ['data_governance', 'Define metrics and data governance', 'business', 'normal', true, 'internal_it'],
    ['pipelines', 'Run data pipelines and the warehouse', 'business', 'normal', false, 'msp'],
    ['deidentify', 'De-identify data sets before sharing them', 'business', 'high', true, 'internal_it'],
  ],
  software_development: [
    ['requirements', 'Own requirements and priorities', 'business', 'normal', true, 'internal_it'],
    ['build', 'Build, test and release', 'business', 'normal', false, 'msp'],
    ['app_security', 'Application security and patching', 'business', 'high', true, 'msp'],
    ['code_review', 'Review code and dependencies before release', 'business', 'normal', false, 'msp'],
  ],
  it_strategy: [
    ['roadmap', 'Technology roadmap and budget', 'business', 'normal', true, 'internal_it'],
    ['risk_decisions', 'Accept or treat IT risks', 'business', 'high', true, 'internal_it'],
    ['business_reviews', 'Quarterly business review with the MSP', 'business', 'low', true, 'msp'],
    ['it_budget', 'Approve the IT budget', 'business', 'normal', true, 'internal_it', LEADERSHIP_ONLY],
  ],
  vendor_management: [
    ['contracts', 'Contracts and renewals', 'business', 'normal', true, 'internal_it'],
    ['licences', 'Licence counts and true-ups', 'business', 'normal', false, 'msp'],
    ['vendor_risk', 'Assess the security of new vendors', 'business', 'normal', true, 'msp'],
    ['vendor_contacts', 'Keep vendor contacts and support numbers current', 'business', 'low', false, 'internal_it'],
  ],
};

export const ACTIVITY_CATALOG: readonly CatalogActivity[] = Object.entries(ROWS).flatMap(([fn, rows]) =>
  rows.map(([id, name, coverage, sla, practiceAccountable, coManagedResponsible, extra]) => ({
    id,
    name,
    function: fn as FunctionId,
    coverage,
    sla,
    practiceAccountable,
    coManagedResponsible,
    ...extra,
  })),
);

const byId = new Map(ACTIVITY_CATALOG.map((a) => [a.id, a]));

export function catalogActivity(id: string): CatalogActivity | undefined {
  return byId.get(id);
}

/** The catalog entry as a matrix activity (without the drafting hints). */
export function toMatrixActivity(a: CatalogActivity): Activity {
  const { id, name, function: fn, coverage, sla, practiceAccountable } = a;
  return { id, name, function: fn, coverage, sla, practiceAccountable };
}
