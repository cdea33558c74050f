/**
 * A draft matrix from a sourcing assessment (issue 5, point 4): each function's recommended
 * option becomes assignments for every catalog activity of that function. The draft names
 * teams, not people (the practice adds names, cover and absences when it reviews the draft), so
 * it starts free of key-person findings; it is built to validate without errors wherever the
 * recommendation itself leaves no gap.
 */
import type { Assessment } from '../sourcing/assessment-schema.ts';
import type { FunctionId, SourcingOption } from '../sourcing/function-catalog.ts';
import { ACTIVITY_CATALOG, toMatrixActivity, type CatalogActivity } from './activity-catalog.ts';
import { matrixSchema, type Matrix, type MatrixInput, type Party } from './schema.ts';

const LEADERSHIP = 'practice-leadership';
const INTERNAL_IT = 'internal-it';

/** The MSP team that does a function's work, and whether it answers around the clock. */
const MSP_TEAMS = {
  'msp-service-desk': { name: 'MSP service desk', coverage: 'business' },
  'msp-noc': { name: 'MSP network operations centre (NOC)', coverage: '24x7' },
  'msp-soc': { name: 'MSP security operations centre (SOC)', coverage: '24x7' },
  'msp-vcio': { name: 'MSP vCIO and account management', coverage: 'business' },
} as const;
type MspTeam = keyof typeof MSP_TEAMS;

const TEAM_OF: Record<FunctionId, MspTeam> = {
  help_desk_it: 'msp-service-desk',
  help_desk_clinical: 'msp-service-desk',
  help_desk_patient: 'msp-service-desk',
  end_user_devices: 'msp-service-desk',
  emr_support: 'msp-service-desk',
  servers_network: 'msp-noc',
  monitoring_24x7: 'msp-noc',
  backup_dr: 'msp-noc',
  cloud_migration: 'msp-noc',
  security_operations: 'msp-soc',
  compliance_risk: 'msp-vcio',
  data_analytics: 'msp-vcio',
  software_development: 'msp-vcio',
  it_strategy: 'msp-vcio',
  vendor_management: 'msp-vcio',
};

const VENDORS = {
  ehr_vendor: { id: 'ehr-vendor', name: 'EHR vendor' },
  isp: { id: 'isp', name: 'Internet provider' },
} as const;

interface Draft {
  responsible: string;
  accountable: string;
  consulted: string[];
  escalation: string[];
}

function doerFor(a: CatalogActivity, option: SourcingOption, usesMsp: boolean): string {
  if (a.practiceOnly) return LEADERSHIP;
  if (a.vendor) return VENDORS[a.vendor].id;
  const side = option === 'in_house' ? 'internal_it' : option === 'co_managed' ? a.coManagedResponsible : 'msp';
  const team = TEAM_OF[a.function];
  // Night work needs a party awake at night: with an MSP on board, its 24x7 team takes it.
  if (a.coverage === '24x7' && side === 'internal_it' && usesMsp)
    return MSP_TEAMS[team].coverage === '24x7' ? team : 'msp-noc';
  return side === 'internal_it' ? INTERNAL_IT : team;
}

function draftRow(a: CatalogActivity, option: SourcingOption, usesMsp: boolean): Draft {
  const responsible = doerFor(a, option, usesMsp);
  const accountable = a.practiceAccountable || responsible === LEADERSHIP ? LEADERSHIP : responsible;
  const sideDoer = option === 'in_house' || !usesMsp ? INTERNAL_IT : TEAM_OF[a.function];
  const consulted =
    option === 'co_managed'
      ? [responsible === INTERNAL_IT ? TEAM_OF[a.function] : INTERNAL_IT].filter((p) => p !== responsible)
      : [];
  let escalation: string[];
  if (responsible === LEADERSHIP) escalation = [];
  else if (responsible.startsWith('msp-'))
    escalation = [responsible === 'msp-vcio' ? 'msp-service-desk' : 'msp-vcio', LEADERSHIP];
  else if (responsible === INTERNAL_IT) escalation = usesMsp ? [TEAM_OF[a.function], LEADERSHIP] : [];
  else escalation = [sideDoer, LEADERSHIP].filter((p, i, xs) => xs.indexOf(p) === i);
  return { responsible, accountable, consulted, escalation };
}

export function draftMatrix(assessment: Assessment): Matrix {
  const chosen = new Map(assessment.functions.map((f) => [f.id, f.recommended]));
  const usesMsp = [...chosen.values()].some((o) => o !== 'in_house');
  const activities = ACTIVITY_CATALOG.filter((a) => chosen.has(a.function));
  const rows = activities.map((a) => ({ a, d: draftRow(a, chosen.get(a.function)!, usesMsp) }));
  const used = new Set(rows.flatMap(({ d }) => [d.responsible, d.accountable, ...d.consulted, ...d.escalation]));
  const scopeOf = (team: string) => [
    ...new Set(rows.filter(({ d }) => d.responsible === team).map(({ a }) => a.function)),
  ];

  const parties: Party[] = [
    {
      id: LEADERSHIP,
      name: 'Practice leadership',
      side: 'practice',
      kind: 'leadership',
      coverage: 'business',
      role: 'Owner or practice manager; HIPAA security official',
      covers: [],
      securityOfficial: true,
    },
  ];
  if (used.has(INTERNAL_IT))
    parties.push({
      id: INTERNAL_IT,
      name: 'Internal IT',
      side: 'internal_it',
      kind: 'team',
      coverage: 'business',
      covers: [],
      securityOfficial: false,
    });
  for (const [id, team] of Object.entries(MSP_TEAMS))
    if (used.has(id)) {
      // A team Responsible for nothing (consulted or escalated to only) has no contract scope to state:
      // an empty list would read back from a spreadsheet as "not stated" anyway.
      const scope = scopeOf(id) as FunctionId[];
      parties.push({
        id,
        name: team.name,
        side: 'msp',
        kind: 'team',
        coverage: team.coverage,
        covers: [],
        securityOfficial: false,
        ...(scope.length > 0 ? { scope } : {}),
      });
    }
  for (const v of Object.values(VENDORS))
    if (used.has(v.id))
      parties.push({
        id: v.id,
        name: v.name,
        side: 'vendor',
        kind: 'vendor',
        coverage: 'business',
        covers: [],
        securityOfficial: false,
      });

  const input: MatrixInput = {
    parties,
    activities: activities.map(toMatrixActivity),
    assignments: rows.map(({ a, d }) => ({
      activity: a.id,
      responsible: [d.responsible],
      accountable: [d.accountable],
      consulted: d.consulted,
      informed: d.accountable === LEADERSHIP ? [] : [LEADERSHIP],
      escalation: d.escalation,
    })),
    absences: [],
  };
  return matrixSchema.parse(input);
}
