/**
 * The words and colours an assessment is shown with, in one place for the web page
 * (web/src/advisor/labels.ts) and the printable report (report-html.ts, report-charts.ts), so a
 * printed page and the screen it came from name and colour every plan, option and cost alike
 * (issue 14.9: the report said "Today" where the page said "Current"). Colours are CSS hex values
 * (the web's Mantine palette), since the report has no theme to look names up in.
 */
import type { PlanId } from '../assessment-schema.ts';
import type { CostComponent } from '../model/cost-model.ts';
import type { Party, SourcingOption } from '../model/function-catalog.ts';

/** The plans in the order the tables and charts show them: the three pure options, then today and the advice. */
export const PLAN_ORDER: readonly PlanId[] = ['in_house', 'co_managed', 'fully_managed', 'current', 'recommended'];

export const PLAN_LABELS: Record<PlanId, string> = {
  in_house: 'All in-house',
  co_managed: 'All co-managed',
  fully_managed: 'All fully managed',
  current: 'Today',
  recommended: 'Recommended',
};

export const PLAN_COLORS: Record<PlanId, string> = {
  in_house: '#228be6',
  co_managed: '#12b886',
  fully_managed: '#be4bdb',
  current: '#fd7e14',
  recommended: '#2e2e2e',
};

/** An option as a table cell or heading shows it ("Fully managed"); format.ts has the in-sentence form. */
export const OPTION_TITLES: Record<SourcingOption | 'none', string> = {
  in_house: 'In-house',
  co_managed: 'Co-managed',
  fully_managed: 'Fully managed',
  none: 'Not done today',
};

export const COMPONENT_LABELS: Record<CostComponent, string> = {
  salary: 'Salaries',
  benefits: 'Benefits',
  payroll_taxes: 'Payroll taxes',
  coverage: 'Cover beyond the workload',
  training: 'Training',
  tools: 'Tools',
  hardware: 'Hardware',
  management: 'Management time',
  recruiting: 'Recruiting',
  turnover: 'Turnover',
  transition: 'Transition',
  msp_fees: 'MSP fees',
  onboarding: 'Onboarding',
  retained_staff: 'Staff kept on (redeployed)',
  severance: 'Severance',
  governance: 'Writing policies and processes',
};

export const COMPONENT_COLORS: Record<CostComponent, string> = {
  salary: '#1c7ed6',
  benefits: '#4dabf7',
  payroll_taxes: '#91a7ff',
  coverage: '#22b8cf',
  training: '#38d9a9',
  tools: '#51cf66',
  hardware: '#82c91e',
  management: '#fab005',
  recruiting: '#ff922b',
  turnover: '#ff6b6b',
  transition: '#f06595',
  msp_fees: '#be4bdb',
  onboarding: '#9775fa',
  retained_staff: '#868e96',
  severance: '#e03131',
  governance: '#e8590c',
};

/** Expected loss from incidents, stacked on top of the spending in the cost charts. */
export const EXPECTED_LOSS_LABEL = 'Expected losses (risk)';
export const EXPECTED_LOSS_COLOR = '#adb5bd';

export const PARTY_LABELS: Record<Party, string> = {
  practice: 'Practice',
  internal_it: 'Internal IT',
  msp: 'MSP',
};

/** The tornado chart's two bars: each uncertain input at its 10th and at its 90th percentile. */
export const SENSITIVITY_SERIES = {
  low: { label: 'Input at its low value (10th percentile)', color: '#fd7e14', colorName: 'orange' },
  high: { label: 'Input at its high value (90th percentile)', color: '#228be6', colorName: 'blue' },
} as const;
