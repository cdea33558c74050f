/**
 * The IT functions a practice sources, as data (issue 4, point 2). The engine has no branch per
 * function: everything that differs between them (workload drivers, required coverage, skill
 * depth and roles, tooling, how an MSP prices it, which controls it owns, typical activities) is
 * here. Numeric parameters become overridable defaults named `function.<id>[.<level>].<param>`
 * (defaults.ts), all carrying FUNCTION_PARAMS_SOURCE.
 *
 * Workload: economics.md section 7 puts core operations at about 1 IT FTE per 50 users
 * (vegaprism.com: 50-150 users need 2-3 staff). The per-user, per-endpoint and per-provider
 * coefficients below split that ratio across functions, so they add up to about 0.02 FTE per user.
 */
import type { ControlId } from './controls.ts';

export const OPTIONS = ['in_house', 'co_managed', 'fully_managed'] as const;
export type SourcingOption = (typeof OPTIONS)[number];

export const ROLE_IDS = [
  'help_desk',
  'network_support',
  'sysadmin',
  'security_analyst',
  'it_manager',
  'data_architect',
  'data_analyst',
  'software_developer',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

export const FUNCTION_IDS = [
  'help_desk_it',
  'help_desk_clinical',
  'help_desk_patient',
  'end_user_devices',
  'servers_network',
  'monitoring_24x7',
  'security_operations',
  'backup_dr',
  'compliance_risk',
  'emr_support',
  'cloud_migration',
  'data_analytics',
  'software_development',
  'it_strategy',
  'vendor_management',
] as const;
export type FunctionId = (typeof FUNCTION_IDS)[number];

export type Coverage = 'business' | 'extended' | '24x7';
export type Party = 'practice' | 'internal_it' | 'msp';

export interface FunctionParams {
  ftePerUser?: number;
  ftePerEndpoint?: number;
  ftePerProvider?: number;
  ftePerServer?: number;
  ftePerLocation?: number;
  fteFixed?: number;
  /** One-time project effort, spread over the horizon. */
  projectHoursPerUser?: number;
  projectHoursPerServer?: number;
  projectHoursPerLocation?: number;
  /** Seats that must be staffed during the coverage window when run in-house (the coverage floor). */
  seats?: number;
  /** Smallest viable in-house team for specialist or team work (one security hire; a data department). */
  minInHouseFte?: number;
  minCoManagedFte?: number;
  /** Share of the workload internal staff keep under co-management (the MSP does the rest). */
  coManagedInternalShare: number;
  toolsFixed?: number;
  toolsPerUser?: number;
  toolsPerEndpoint?: number;
  toolsPerServer?: number;
  toolsPerProvider?: number;
  hardwareFixed?: number;
  /** Share of the per-user fully managed (co-managed) bundle price attributable to this function. */
  fullyManagedBundleShare?: number;
  coManagedBundleShare?: number;
  /** Revenue share lost per day while nobody who knows this function is available (key-person risk). */
  dailyImpactShare: number;
}

export type PriceUnit =
  'provider_month' | 'year' | 'location_year' | 'user_one_time' | 'server_month' | 'endpoint_month';

/** A price the MSP or partner charges besides the bundle, and the share of it each option pays. */
export interface PriceBasis {
  priceId: string;
  unit: PriceUnit;
  fullyManaged: number;
  coManaged: number;
}

export interface Activity {
  id: string;
  name: string;
  /** HIPAA keeps the practice accountable whoever does the work (architecture.md, security model). */
  practiceAccountable: boolean;
  /** Who does it when the function is co-managed. */
  coManagedResponsible: Exclude<Party, 'practice'>;
}

export interface FunctionLevel {
  params: Partial<FunctionParams>;
  roles?: Partial<Record<RoleId, number>>;
  prices?: PriceBasis[];
}

export interface FunctionSpec {
  id: FunctionId;
  name: string;
  summary: string;
  coverage: Coverage;
  skillDepth: 'generalist' | 'specialist' | 'team';
  /** High-volume and well defined: the kind of scope the articles say insourcing handles well. */
  bounded: boolean;
  roles: Partial<Record<RoleId, number>>;
  tooling: string;
  mspPricing: string;
  params: FunctionParams;
  prices: PriceBasis[];
  controls: { control: ControlId; weight: number; delivery?: Partial<Record<SourcingOption, number>> }[];
  /** Functions assessed only when the profile's needs ask for them, with level-specific parameters. */
  need?: { key: 'analytics' | 'softwareDevelopment' | 'cloudMigration'; levels: Record<string, FunctionLevel> };
  overrun?: { inHouse: string; partner: string };
  activities: Activity[];
}

export const FUNCTION_PARAMS_SOURCE = {
  source:
    'Estimate: split of the 1 IT FTE per 50 users ratio (vegaprism.com) and tool prices (centrexIT, serenitllc.com, Microsoft, Syncro) in economics.md; see docs/sourcing-model.md',
  year: '2025',
  grade: 'E',
} as const;

const act = (
  id: string,
  name: string,
  practiceAccountable: boolean,
  coManagedResponsible: Exclude<Party, 'practice'>,
): Activity => ({
  id,
  name,
  practiceAccountable,
  coManagedResponsible,
});

export const FUNCTION_CATALOG: readonly FunctionSpec[] = [
  {
    id: 'help_desk_it',
    name: 'Help desk (IT)',
    summary: 'Staff IT support: tickets, passwords, accounts, how-to questions.',
    coverage: 'business',
    skillDepth: 'generalist',
    bounded: true,
    roles: { help_desk: 1 },
    tooling: 'Ticketing/PSA, remote support, knowledge base',
    mspPricing: 'Part of the per-user fully managed or co-managed bundle',
    params: {
      ftePerUser: 0.006,
      seats: 1,
      coManagedInternalShare: 0.7,
      toolsFixed: 1500,
      toolsPerUser: 30,
      fullyManagedBundleShare: 0.3,
      coManagedBundleShare: 0.2,
      dailyImpactShare: 0.01,
    },
    prices: [],
    controls: [{ control: 'onsite', weight: 0.5, delivery: { fully_managed: 0.3 } }],
    activities: [
      act('triage', 'Triage and log tickets', false, 'internal_it'),
      act('accounts', 'Create and remove user accounts', true, 'internal_it'),
      act('escalation', 'Tier 2/3 escalation', false, 'msp'),
    ],
  },
  {
    id: 'help_desk_clinical',
    name: 'Help desk (clinical)',
    summary: 'Point-of-care support for clinicians: EMR workflows, exam-room devices, e-prescribing.',
    coverage: 'business',
    skillDepth: 'generalist',
    bounded: true,
    roles: { help_desk: 0.6, network_support: 0.4 },
    tooling: 'Shared ticketing with clinical queues',
    mspPricing: 'Part of the per-user bundle (clinical desk tier)',
    params: {
      ftePerProvider: 0.012,
      seats: 0.5,
      coManagedInternalShare: 0.7,
      toolsPerUser: 5,
      fullyManagedBundleShare: 0.04,
      coManagedBundleShare: 0.03,
      dailyImpactShare: 0.01,
    },
    prices: [],
    controls: [{ control: 'onsite', weight: 0.2, delivery: { fully_managed: 0.3 } }],
    activities: [
      act('clinical_tickets', 'Clinician tickets during clinic hours', false, 'internal_it'),
      act('workflow_changes', 'EMR workflow change requests', true, 'internal_it'),
    ],
  },
  {
    id: 'help_desk_patient',
    name: 'Help desk (patient)',
    summary: 'Patient-facing support: portal log-ins, telehealth, patient apps.',
    coverage: 'extended',
    skillDepth: 'generalist',
    bounded: true,
    roles: { help_desk: 1 },
    tooling: 'Phone/chat queue, portal admin console',
    mspPricing: 'Per provider per month (patient volume follows providers)',
    params: {
      ftePerProvider: 0.006,
      seats: 0.5,
      coManagedInternalShare: 0.6,
      toolsFixed: 1000,
      dailyImpactShare: 0.003,
    },
    prices: [{ priceId: 'price.patientDeskPerProviderMonth', unit: 'provider_month', fullyManaged: 1, coManaged: 0.5 }],
    controls: [],
    activities: [
      act('portal_support', 'Patient portal and telehealth support', false, 'msp'),
      act('identity_checks', 'Patient identity verification', true, 'internal_it'),
    ],
  },
  {
    id: 'end_user_devices',
    name: 'End-user devices and EMR peripherals',
    summary:
      'PCs, laptops, tablets, printers, scanners, signature pads, label printers: set-up, patching, replacement.',
    coverage: 'business',
    skillDepth: 'generalist',
    bounded: true,
    roles: { help_desk: 0.5, network_support: 0.5 },
    tooling: 'RMM and patch management, device inventory, spares',
    mspPricing: 'Part of the per-user bundle (per-device pricing is similar)',
    params: {
      ftePerEndpoint: 0.0022,
      coManagedInternalShare: 0.7,
      toolsPerEndpoint: 48,
      hardwareFixed: 1000,
      fullyManagedBundleShare: 0.16,
      coManagedBundleShare: 0.12,
      dailyImpactShare: 0.005,
    },
    prices: [],
    controls: [
      { control: 'patching', weight: 0.6 },
      { control: 'onsite', weight: 0.3, delivery: { fully_managed: 0.3 } },
    ],
    activities: [
      act('provisioning', 'Provision and retire devices', false, 'internal_it'),
      act('patching', 'Patch workstations', true, 'msp'),
      act('peripherals', 'Install EMR peripherals', false, 'internal_it'),
    ],
  },
  {
    id: 'servers_network',
    name: 'Servers and network',
    summary: 'Servers, firewalls, switches, Wi-Fi and links between locations.',
    coverage: 'business',
    skillDepth: 'specialist',
    bounded: false,
    roles: { sysadmin: 0.7, network_support: 0.3 },
    tooling: 'Monitoring, configuration backup, firewall management',
    mspPricing: 'Per-user bundle plus a per-server fee',
    params: {
      ftePerUser: 0.002,
      ftePerServer: 0.05,
      ftePerLocation: 0.1,
      minInHouseFte: 0.5,
      coManagedInternalShare: 0.5,
      toolsFixed: 3000,
      toolsPerServer: 150,
      hardwareFixed: 2000,
      fullyManagedBundleShare: 0.14,
      coManagedBundleShare: 0.15,
      dailyImpactShare: 0.03,
    },
    prices: [{ priceId: 'msp.serverPerMonth', unit: 'server_month', fullyManaged: 1, coManaged: 0.5 }],
    controls: [
      { control: 'patching', weight: 0.4 },
      { control: 'infrastructure', weight: 1 },
    ],
    activities: [
      act('changes', 'Network and server changes', false, 'internal_it'),
      act('firewall', 'Firewall rules and remote access', true, 'msp'),
      act('capacity', 'Capacity and lifecycle planning', false, 'msp'),
    ],
  },
  {
    id: 'monitoring_24x7',
    name: '24/7 monitoring',
    summary: 'Round-the-clock watch over systems and security alerts, with someone to act on them.',
    coverage: '24x7',
    skillDepth: 'specialist',
    bounded: false,
    roles: { network_support: 0.5, security_analyst: 0.5 },
    tooling: 'RMM/NOC alerting, SIEM or log platform, on-call rota',
    mspPricing: 'Part of the per-user bundle',
    params: {
      ftePerEndpoint: 0.0002,
      seats: 1,
      coManagedInternalShare: 0.1,
      toolsFixed: 6000,
      toolsPerEndpoint: 20,
      fullyManagedBundleShare: 0.08,
      coManagedBundleShare: 0.15,
      dailyImpactShare: 0.02,
    },
    prices: [],
    controls: [{ control: 'monitoring', weight: 1 }],
    activities: [
      act('alerts', 'Watch and triage alerts 24/7', false, 'msp'),
      act('on_call', 'After-hours response', false, 'msp'),
    ],
  },
  {
    id: 'security_operations',
    name: 'Security operations',
    summary: 'Endpoint protection/EDR, email security, vulnerability scanning, access management.',
    coverage: 'business',
    skillDepth: 'specialist',
    bounded: false,
    roles: { security_analyst: 1 },
    tooling: 'EDR, email filtering, vulnerability scanner, identity/MFA platform',
    mspPricing: 'Per-user bundle plus MDR per endpoint per month',
    params: {
      ftePerUser: 0.0012,
      ftePerEndpoint: 0.0005,
      minInHouseFte: 1,
      coManagedInternalShare: 0.4,
      toolsFixed: 3000,
      toolsPerEndpoint: 36,
      toolsPerUser: 24,
      fullyManagedBundleShare: 0.08,
      coManagedBundleShare: 0.12,
      dailyImpactShare: 0.02,
    },
    prices: [{ priceId: 'msp.mdrPerEndpointMonth', unit: 'endpoint_month', fullyManaged: 1, coManaged: 1 }],
    controls: [
      { control: 'mdr', weight: 1 },
      { control: 'mfa', weight: 1 },
      { control: 'training', weight: 0.5 },
    ],
    activities: [
      act('edr', 'Run EDR and respond to detections', false, 'msp'),
      act('access_reviews', 'Access reviews and MFA enforcement', true, 'internal_it'),
      act('vuln_scans', 'Vulnerability scanning and remediation', true, 'msp'),
    ],
  },
  {
    id: 'backup_dr',
    name: 'Backup and disaster recovery',
    summary: 'Backups of servers, cloud data and EMR exports; restore tests; recovery plans.',
    coverage: 'business',
    skillDepth: 'specialist',
    bounded: false,
    roles: { sysadmin: 1 },
    tooling: 'Backup platform, immutable storage, M365/SaaS backup',
    mspPricing: 'Part of the per-user bundle (storage passed through)',
    params: {
      ftePerUser: 0.0005,
      ftePerServer: 0.02,
      ftePerLocation: 0.02,
      coManagedInternalShare: 0.5,
      toolsFixed: 1000,
      toolsPerUser: 22.8,
      toolsPerServer: 120,
      fullyManagedBundleShare: 0.08,
      coManagedBundleShare: 0.1,
      dailyImpactShare: 0.02,
    },
    prices: [],
    controls: [{ control: 'backups', weight: 1 }],
    activities: [
      act('backup_jobs', 'Run and check backup jobs', false, 'msp'),
      act('restore_tests', 'Quarterly restore tests', true, 'msp'),
      act('dr_plan', 'Keep the disaster recovery plan current', true, 'internal_it'),
    ],
  },
  {
    id: 'compliance_risk',
    name: 'Compliance and risk analysis',
    summary: 'HIPAA security risk analysis, policies, training, incident response plan, evidence.',
    coverage: 'business',
    skillDepth: 'specialist',
    bounded: false,
    roles: { security_analyst: 0.6, it_manager: 0.4 },
    tooling: 'Compliance tracking platform, training platform',
    mspPricing: 'Yearly retainer plus a per-location fee',
    params: {
      fteFixed: 0.067,
      ftePerLocation: 0.013,
      ftePerUser: 0.0003,
      coManagedInternalShare: 0.5,
      toolsFixed: 2400,
      dailyImpactShare: 0.01,
    },
    prices: [
      { priceId: 'price.complianceRetainerPerYear', unit: 'year', fullyManaged: 1, coManaged: 0.6 },
      { priceId: 'price.compliancePerLocationYear', unit: 'location_year', fullyManaged: 1, coManaged: 0.6 },
    ],
    controls: [
      { control: 'compliance', weight: 1 },
      { control: 'ir_planning', weight: 1 },
      { control: 'training', weight: 0.5 },
    ],
    activities: [
      act('risk_analysis', 'Yearly HIPAA security risk analysis', true, 'msp'),
      act('policies', 'Policies and procedures', true, 'internal_it'),
      act('incident_response', 'Incident response plan and exercises', true, 'msp'),
    ],
  },
  {
    id: 'emr_support',
    name: 'EMR/EHR support',
    summary: 'EMR upgrades, interfaces, templates, vendor escalations.',
    coverage: 'business',
    skillDepth: 'generalist',
    bounded: true,
    roles: { network_support: 0.5, help_desk: 0.5 },
    tooling: 'EMR vendor portal and admin tools',
    mspPricing: 'Per provider per month (few MSPs go deep on EMR)',
    params: { ftePerProvider: 0.01, coManagedInternalShare: 0.8, dailyImpactShare: 0.03 },
    prices: [{ priceId: 'price.emrSupportPerProviderMonth', unit: 'provider_month', fullyManaged: 1, coManaged: 0.4 }],
    controls: [{ control: 'emr_expertise', weight: 1, delivery: { fully_managed: 0.7 } }],
    activities: [
      act('emr_upgrades', 'Plan and test EMR upgrades', false, 'internal_it'),
      act('emr_vendor', 'Escalate to the EMR vendor', false, 'internal_it'),
      act('interfaces', 'Lab and imaging interfaces', false, 'msp'),
    ],
  },
  {
    id: 'cloud_migration',
    name: 'Cloud and data migration',
    summary: 'Moving servers, files and EMR data to cloud services (one-time project).',
    coverage: 'business',
    skillDepth: 'specialist',
    bounded: true,
    roles: { sysadmin: 0.7, network_support: 0.3 },
    tooling: 'Migration tools, temporary double licensing',
    mspPricing: 'Project fee per user (one-time)',
    params: {
      projectHoursPerUser: 4,
      projectHoursPerServer: 40,
      projectHoursPerLocation: 40,
      coManagedInternalShare: 0.3,
      dailyImpactShare: 0.01,
    },
    prices: [{ priceId: 'price.cloudMigrationPerUser', unit: 'user_one_time', fullyManaged: 1, coManaged: 0.7 }],
    controls: [],
    need: { key: 'cloudMigration', levels: { yes: { params: {} } } },
    overrun: { inHouse: 'project.cloud.inHouse', partner: 'project.cloud.partner' },
    activities: [
      act('migration_plan', 'Migration plan and cut-over', false, 'msp'),
      act('data_validation', 'Validate migrated data', true, 'internal_it'),
    ],
  },
  {
    id: 'data_analytics',
    name: 'Data and analytics',
    summary: 'Reporting, dashboards, data warehouse, data governance.',
    coverage: 'business',
    skillDepth: 'team',
    bounded: false,
    roles: { data_analyst: 1 },
    tooling: 'BI licences; warehouse platform for the warehouse level',
    mspPricing: 'Partner fee per provider per month',
    params: { coManagedInternalShare: 0.4, dailyImpactShare: 0.005 },
    prices: [],
    controls: [],
    need: {
      key: 'analytics',
      levels: {
        basic: {
          params: { fteFixed: 0.1, ftePerProvider: 0.004, toolsFixed: 1200, toolsPerProvider: 170 },
          prices: [
            {
              priceId: 'price.analyticsBasicPerProviderMonth',
              unit: 'provider_month',
              fullyManaged: 1,
              coManaged: 0.6,
            },
          ],
        },
        warehouse: {
          // Architects, engineers, analysts, BI developers: "that's not a team of two or three. That's a department."
          params: {
            fteFixed: 1,
            ftePerProvider: 0.02,
            minInHouseFte: 5,
            minCoManagedFte: 1,
            toolsFixed: 30000,
            toolsPerProvider: 200,
          },
          roles: { data_architect: 0.35, data_analyst: 0.45, software_developer: 0.2 },
          prices: [
            {
              priceId: 'price.analyticsWarehousePerProviderMonth',
              unit: 'provider_month',
              fullyManaged: 1,
              coManaged: 0.6,
            },
          ],
        },
      },
    },
    overrun: { inHouse: 'project.analytics.inHouse', partner: 'project.analytics.partner' },
    activities: [
      act('reports', 'Build and change reports', false, 'internal_it'),
      act('data_governance', 'Define metrics and data governance', true, 'internal_it'),
      act('pipelines', 'Run data pipelines and the warehouse', false, 'msp'),
    ],
  },
  {
    id: 'software_development',
    name: 'Software development',
    summary: 'Integrations and custom applications.',
    coverage: 'business',
    skillDepth: 'team',
    bounded: false,
    roles: { software_developer: 1 },
    tooling: 'Source control, CI, hosting, security testing',
    mspPricing: 'Partner or product subscription per year',
    params: { coManagedInternalShare: 0.3, dailyImpactShare: 0.005 },
    prices: [],
    controls: [],
    need: {
      key: 'softwareDevelopment',
      levels: {
        integrations: {
          params: { fteFixed: 0.5, ftePerLocation: 0.05, minInHouseFte: 1, toolsFixed: 3000 },
          prices: [{ priceId: 'price.softwareIntegrationsPerYear', unit: 'year', fullyManaged: 1, coManaged: 0.8 }],
        },
        custom: {
          params: { fteFixed: 2, ftePerProvider: 0.01, minInHouseFte: 3, minCoManagedFte: 1, toolsFixed: 15000 },
          roles: { software_developer: 0.8, data_architect: 0.2 },
          prices: [{ priceId: 'price.softwareCustomPerYear', unit: 'year', fullyManaged: 1, coManaged: 0.8 }],
        },
      },
    },
    overrun: { inHouse: 'project.software.inHouse', partner: 'project.software.partner' },
    activities: [
      act('requirements', 'Own requirements and priorities', true, 'internal_it'),
      act('build', 'Build, test and release', false, 'msp'),
      act('app_security', 'Application security and patching', true, 'msp'),
    ],
  },
  {
    id: 'it_strategy',
    name: 'IT strategy (vCIO)',
    summary: 'Technology roadmap, budget, risk decisions, board reporting.',
    coverage: 'business',
    skillDepth: 'specialist',
    bounded: false,
    roles: { it_manager: 1 },
    tooling: 'None beyond documentation',
    mspPricing: 'Part of the per-user bundle (vCIO hours)',
    params: {
      fteFixed: 0.05,
      ftePerLocation: 0.01,
      ftePerUser: 0.0002,
      coManagedInternalShare: 0.6,
      fullyManagedBundleShare: 0.06,
      coManagedBundleShare: 0.08,
      dailyImpactShare: 0.002,
    },
    prices: [],
    controls: [],
    activities: [
      act('roadmap', 'Technology roadmap and budget', true, 'internal_it'),
      act('risk_decisions', 'Accept or treat IT risks', true, 'internal_it'),
    ],
  },
  {
    id: 'vendor_management',
    name: 'Vendor management',
    summary: 'EMR vendor, ISPs, phones, copiers, licences and contracts.',
    coverage: 'business',
    skillDepth: 'generalist',
    bounded: true,
    roles: { it_manager: 0.3, help_desk: 0.7 },
    tooling: 'Contract and licence register',
    mspPricing: 'Part of the per-user bundle',
    params: {
      fteFixed: 0.03,
      ftePerLocation: 0.01,
      ftePerProvider: 0.001,
      coManagedInternalShare: 0.6,
      fullyManagedBundleShare: 0.06,
      coManagedBundleShare: 0.05,
      dailyImpactShare: 0.005,
    },
    prices: [],
    controls: [],
    activities: [
      act('contracts', 'Contracts and renewals', true, 'internal_it'),
      act('licences', 'Licence counts and true-ups', false, 'msp'),
    ],
  },
];

export function functionSpec(id: FunctionId): FunctionSpec {
  const spec = FUNCTION_CATALOG.find((f) => f.id === id);
  if (!spec) throw new Error(`unknown function ${id}`);
  return spec;
}
