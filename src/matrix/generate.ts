/**
 * A draft matrix from a sourcing assessment (issue 5, point 4): each function's recommended option
 * becomes assignments for every catalog activity of that function. The draft keeps what the
 * practice's profile says about the practice (issue 15), so its findings are the practice's real
 * findings: business hours in the practice's time zone; the internal IT people the profile lists,
 * by name, with the cover it declares (work resting on one person nobody covers is a key-person
 * finding); and the MSP's contract scope as the recommendation sets it, so work the draft hands an
 * MSP team outside that contract (night cover of an in-house function) is found too.
 */
import type { Assessment } from '../advisor/engine/assessment-schema.ts';
import type { FunctionId, SourcingOption } from '../advisor/engine/model/function-catalog.ts';
import { ACTIVITY_CATALOG, toMatrixActivity, type CatalogActivity } from './activity-catalog.ts';
import { staffParties, type StaffMember, type StaffParty } from './draft-staff.ts';
import { defaultBusinessHours, matrixSchema, type Matrix, type MatrixInput, type Party } from './schema.ts';

export interface DraftContext {
  /** The practice's IANA time zone (its practice record, or the profile): its business hours are in it. */
  timeZone: string;
  /** The internal IT staff the profile lists. */
  staff: readonly StaffMember[];
}

const LEADERSHIP = 'practice-leadership';
/** Stands in for internal IT work that nobody on staff is skilled in yet (a hire the plan needs). */
const INTERNAL_IT = 'internal-it';
const DUTY_MANAGER = 'msp-duty-manager';

/** The MSP team that does a function's work, and whether it answers around the clock. */
const MSP_TEAMS = {
  'msp-service-desk': { name: 'MSP service desk', coverage: 'business' },
  'msp-noc': { name: 'MSP network operations centre (NOC)', coverage: '24x7' },
  'msp-soc': { name: 'MSP security operations centre (SOC)', coverage: '24x7' },
  'msp-vcio': { name: 'MSP vCIO and account management', coverage: 'business' },
  /** Where night work escalates: a business-hours account manager is asleep at 3 a.m. */
  [DUTY_MANAGER]: { name: 'MSP on-call duty manager', coverage: '24x7' },
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

/** What every row's drafting needs to know about the practice. */
interface Plan {
  usesMsp: boolean;
  /** Ids of the staff skilled in a function, in the profile's order. */
  skilled: Map<FunctionId, string[]>;
  staffIds: Set<string>;
  /** The first IT manager on staff: answers for work several colleagues share. */
  manager: string | undefined;
}

interface Draft {
  responsible: string[];
  accountable: string;
  consulted: string[];
  escalation: string[];
}

const isMsp = (id: string) => id in MSP_TEAMS;

function internalDoers(plan: Plan, f: FunctionId): string[] {
  const people = plan.skilled.get(f) ?? [];
  return people.length > 0 ? people : [INTERNAL_IT];
}

function doersFor(a: CatalogActivity, option: SourcingOption, plan: Plan): string[] {
  if (a.practiceOnly) return [LEADERSHIP];
  if (a.vendor) return [VENDORS[a.vendor].id];
  const side = option === 'in_house' ? 'internal_it' : option === 'co_managed' ? a.coManagedResponsible : 'msp';
  const team = TEAM_OF[a.function];
  // Night work needs a party awake at night: with an MSP on board, its 24x7 team takes it.
  if (a.coverage === '24x7' && side === 'internal_it' && plan.usesMsp)
    return [MSP_TEAMS[team].coverage === '24x7' ? team : 'msp-noc'];
  return side === 'internal_it' ? internalDoers(plan, a.function) : [team];
}

function accountableFor(a: CatalogActivity, doers: readonly string[], plan: Plan): string {
  if (a.practiceAccountable || doers[0] === LEADERSHIP) return LEADERSHIP;
  if (doers.length === 1) return doers[0]!;
  // Several colleagues share the work: their IT manager answers for it, or else the practice's leadership.
  return plan.manager ?? LEADERSHIP;
}

function escalationFor(a: CatalogActivity, doers: readonly string[], option: SourcingOption, plan: Plan): string[] {
  const doer = doers[0]!;
  const team = TEAM_OF[a.function];
  if (doer === LEADERSHIP) return [];
  if (isMsp(doer)) {
    if (a.coverage === '24x7') return [DUTY_MANAGER, LEADERSHIP];
    return [doer === 'msp-vcio' ? 'msp-service-desk' : 'msp-vcio', LEADERSHIP];
  }
  if (doer === INTERNAL_IT || plan.staffIds.has(doer)) return plan.usesMsp ? [team, LEADERSHIP] : [];
  // A vendor's work is chased by whoever runs the function for the practice.
  const chaser = option === 'in_house' || !plan.usesMsp ? internalDoers(plan, a.function) : [team];
  return [...chaser, LEADERSHIP];
}

function draftRow(a: CatalogActivity, option: SourcingOption, plan: Plan): Draft {
  const responsible = doersFor(a, option, plan);
  const doer = responsible[0]!;
  const internal = doer === INTERNAL_IT || plan.staffIds.has(doer);
  const consulted =
    option === 'co_managed'
      ? (internal ? [TEAM_OF[a.function]] : internalDoers(plan, a.function)).filter((p) => !responsible.includes(p))
      : [];
  return {
    responsible,
    accountable: accountableFor(a, responsible, plan),
    consulted,
    escalation: escalationFor(a, responsible, option, plan),
  };
}

/**
 * Who covers for each person: the profile says whether anyone can. Colleagues who share one of
 * their skills do; with none, the MSP team whose contract includes one of their functions does.
 */
function coverers(person: StaffParty, staff: readonly StaffParty[], mspScope: readonly FunctionId[]): string[] {
  if (!person.canBeCovered) return [];
  const colleagues = staff.filter((o) => o !== person && o.skills.some((f) => person.skills.includes(f)));
  if (colleagues.length > 0) return colleagues.map((o) => o.party.id);
  const contracted = person.skills.find((f) => mspScope.includes(f));
  return contracted ? [TEAM_OF[contracted]] : [];
}

const leadership: Party = {
  id: LEADERSHIP,
  name: 'Practice leadership',
  side: 'practice',
  kind: 'leadership',
  coverage: 'business',
  role: 'Owner or practice manager; HIPAA security official',
  covers: [],
  securityOfficial: true,
};

function internalTeam(): Party {
  return {
    id: INTERNAL_IT,
    name: 'Internal IT (nobody on staff has the skill yet)',
    side: 'internal_it',
    kind: 'team',
    coverage: 'business',
    covers: [],
    securityOfficial: false,
  };
}

function mspTeam(id: MspTeam, scope: FunctionId[]): Party {
  const team = MSP_TEAMS[id];
  return {
    id,
    name: team.name,
    side: 'msp',
    kind: 'team',
    coverage: team.coverage,
    covers: [],
    securityOfficial: false,
    scope,
  };
}

export function draftMatrix(assessment: Assessment, context: DraftContext): Matrix {
  const chosen = new Map(assessment.functions.map((f) => [f.id, f.recommended]));
  // The contract the schedule attaches to covers what the recommendation gives the MSP, whatever
  // the MSP does today; a function moving to the MSP is a change to that contract.
  const mspScope = assessment.functions.filter((f) => f.recommended !== 'in_house').map((f) => f.id);
  const taken = new Set<string>([
    LEADERSHIP,
    INTERNAL_IT,
    ...Object.keys(MSP_TEAMS),
    ...Object.values(VENDORS).map((v) => v.id),
  ]);
  const staff = staffParties(context.staff, taken);
  const skilled = new Map<FunctionId, string[]>();
  for (const s of staff) for (const f of s.skills) skilled.set(f, [...(skilled.get(f) ?? []), s.party.id]);
  const plan: Plan = {
    usesMsp: mspScope.length > 0,
    skilled,
    staffIds: new Set(staff.map((s) => s.party.id)),
    manager: staff.find((s) => s.isManager)?.party.id,
  };
  const activities = ACTIVITY_CATALOG.filter((a) => chosen.has(a.function));
  const rows = activities.map((a) => ({ a, d: draftRow(a, chosen.get(a.function)!, plan) }));
  const used = new Set(rows.flatMap(({ d }) => [...d.responsible, d.accountable, ...d.consulted, ...d.escalation]));

  const onStaff = staff.filter((s) => used.has(s.party.id));
  const covers = new Map<string, string[]>();
  for (const person of onStaff)
    for (const c of coverers(person, onStaff, mspScope)) {
      covers.set(c, [...(covers.get(c) ?? []), person.party.id]);
      used.add(c);
    }
  const withCovers = (p: Party): Party => ({ ...p, covers: covers.get(p.id) ?? [] });
  const parties: Party[] = [
    leadership,
    ...onStaff.map((s) => withCovers(s.party)),
    ...(used.has(INTERNAL_IT) ? [internalTeam()] : []),
    ...(Object.keys(MSP_TEAMS) as MspTeam[])
      .filter((id) => used.has(id))
      .map((id) => withCovers(mspTeam(id, mspScope))),
    ...Object.values(VENDORS)
      .filter((v) => used.has(v.id))
      .map((v): Party => ({
        ...v,
        side: 'vendor',
        kind: 'vendor',
        coverage: 'business',
        covers: [],
        securityOfficial: false,
      })),
  ];

  const input: MatrixInput = {
    hours: { ...defaultBusinessHours, timeZone: context.timeZone },
    parties,
    activities: activities.map(toMatrixActivity),
    assignments: rows.map(({ a, d }) => ({
      activity: a.id,
      responsible: d.responsible,
      accountable: [d.accountable],
      consulted: d.consulted,
      informed: d.accountable === LEADERSHIP ? [] : [LEADERSHIP],
      escalation: d.escalation,
    })),
    absences: [],
  };
  return matrixSchema.parse(input);
}
