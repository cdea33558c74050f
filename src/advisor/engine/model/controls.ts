/**
 * The security and continuity controls the risk model credits, as data. A control reduces a loss
 * only as far as the option running its owner function really delivers it (risk-model.ts); each
 * effect names the default (defaults-data.ts) holding its multiplier and the scenario factor it
 * scales. Effects are correlational and not additive (economics.md section 5), so every factor
 * is a multiplier between 0 and 1 applied once per scenario.
 */

export const CONTROL_IDS = [
  'mdr',
  'mfa',
  'patching',
  'monitoring',
  'backups',
  'training',
  'ir_planning',
  'compliance',
  'infrastructure',
  'emr_expertise',
  'onsite',
] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

/** Which factor of which loss scenario an effect scales (see risk-model.ts for the equations). */
export type EffectSlot =
  | 'breach_likelihood'
  | 'breach_magnitude'
  | 'penalty_likelihood'
  | 'disruption_likelihood'
  | 'disruption_downtime'
  | 'outage_likelihood'
  | 'outage_duration'
  | 'friction';

export interface ControlSpec {
  id: ControlId;
  label: string;
  /** Delivered only by an owner that covers 24x7 (a business-hours team cannot respond at 3 a.m.). */
  requires24x7: boolean;
  effects: { slot: EffectSlot; defaultId: string }[];
}

export const CONTROLS: readonly ControlSpec[] = [
  {
    id: 'mdr',
    label: 'EDR with 24/7 managed detection and response',
    requires24x7: true,
    effects: [
      { slot: 'breach_likelihood', defaultId: 'control.mdr.likelihood' },
      { slot: 'disruption_likelihood', defaultId: 'control.mdr.likelihood' },
      { slot: 'breach_magnitude', defaultId: 'control.mdr.magnitude' },
    ],
  },
  {
    id: 'mfa',
    label: 'MFA on all critical access',
    requires24x7: false,
    effects: [{ slot: 'breach_likelihood', defaultId: 'control.mfa.likelihood' }],
  },
  {
    id: 'patching',
    label: 'Patching high-severity flaws within 7 days',
    requires24x7: false,
    effects: [
      { slot: 'breach_likelihood', defaultId: 'control.patching.likelihood' },
      { slot: 'disruption_likelihood', defaultId: 'control.patching.likelihood' },
    ],
  },
  {
    id: 'monitoring',
    label: '24/7 monitoring of systems and security logs',
    requires24x7: true,
    effects: [
      { slot: 'breach_magnitude', defaultId: 'control.monitoring.magnitude' },
      { slot: 'disruption_downtime', defaultId: 'control.monitoring.outageDuration' },
      { slot: 'outage_duration', defaultId: 'control.monitoring.outageDuration' },
    ],
  },
  {
    id: 'backups',
    label: 'Tested, immutable backups',
    requires24x7: false,
    effects: [{ slot: 'disruption_downtime', defaultId: 'control.backups.downtime' }],
  },
  {
    id: 'training',
    label: 'Security awareness training',
    requires24x7: false,
    effects: [{ slot: 'breach_magnitude', defaultId: 'control.training.magnitude' }],
  },
  {
    id: 'ir_planning',
    label: 'Incident response plan, tested',
    requires24x7: false,
    effects: [{ slot: 'breach_magnitude', defaultId: 'control.irPlanning.magnitude' }],
  },
  {
    id: 'compliance',
    label: 'Current risk analysis and documented compliance',
    requires24x7: false,
    effects: [{ slot: 'penalty_likelihood', defaultId: 'control.compliance.penalty' }],
  },
  {
    id: 'infrastructure',
    label: 'Proactive server and network maintenance',
    requires24x7: false,
    effects: [{ slot: 'outage_likelihood', defaultId: 'control.infra.outageLikelihood' }],
  },
  {
    id: 'emr_expertise',
    label: 'EMR/EHR expertise and vendor escalation',
    requires24x7: false,
    effects: [{ slot: 'outage_duration', defaultId: 'control.emr.outageDuration' }],
  },
  {
    id: 'onsite',
    label: 'On-site, immediate user support',
    requires24x7: false,
    effects: [{ slot: 'friction', defaultId: 'control.onsite.friction' }],
  },
];

const CONTROL_INDEX = new Map<string, number>(CONTROL_IDS.map((id, i) => [id, i]));

/** The control's position in CONTROL_IDS (-1 if unknown); a map, as models are built 29 times an assessment. */
export function controlIndex(id: ControlId): number {
  return CONTROL_INDEX.get(id) ?? -1;
}
