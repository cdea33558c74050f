/**
 * Words, colours and numbers for the advisor's screens: options and plans with readable labels,
 * money as whole dollars, shares as percentages. The engine's own wording (format.ts) is reused
 * where it reads well at the start of a sentence.
 */
import type { MantineColor } from '@mantine/core';
import type { OverallModel } from '../../../src/sourcing/recommend.ts';
import type { CostComponent } from '../../../src/sourcing/cost-model.ts';
import type { PlanId } from '../../../src/sourcing/assessment-schema.ts';
import type { Party, SourcingOption } from '../../../src/sourcing/function-catalog.ts';
import { MODEL_LABELS, capitalize } from '../../../src/sourcing/format.ts';

export const optionLabels: Record<SourcingOption | 'none', string> = {
  in_house: 'In-house',
  co_managed: 'Co-managed',
  fully_managed: 'Fully managed',
  none: 'Not done today',
};

export const optionColors: Record<SourcingOption, MantineColor> = {
  in_house: 'blue',
  co_managed: 'teal',
  fully_managed: 'grape',
};

/** "Fully managed", "Hybrid (some functions in-house, others with an MSP)". */
export function modelLabel(model: OverallModel): string {
  return capitalize(MODEL_LABELS[model]);
}

/** Short form for tables and badges: "Hybrid". */
export function modelShortLabel(model: OverallModel): string {
  return model === 'hybrid' ? 'Hybrid' : optionLabels[model];
}

/** The plans in the order the charts show them: the three pure options, then today and the advice. */
export const planOrder: readonly PlanId[] = ['in_house', 'co_managed', 'fully_managed', 'current', 'recommended'];

export const planLabels: Record<PlanId, string> = {
  in_house: 'In-house',
  co_managed: 'Co-managed',
  fully_managed: 'Fully managed',
  current: 'Current',
  recommended: 'Recommended',
};

export const planColors: Record<PlanId, MantineColor> = {
  in_house: 'blue.6',
  co_managed: 'teal.6',
  fully_managed: 'grape.6',
  current: 'orange.6',
  recommended: 'dark.6',
};

export const componentLabels: Record<CostComponent, string> = {
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

export const componentColors: Record<CostComponent, MantineColor> = {
  salary: 'blue.7',
  benefits: 'blue.4',
  payroll_taxes: 'indigo.3',
  coverage: 'cyan.5',
  training: 'teal.4',
  tools: 'green.5',
  hardware: 'lime.6',
  management: 'yellow.6',
  recruiting: 'orange.5',
  turnover: 'red.5',
  transition: 'pink.5',
  msp_fees: 'grape.6',
  onboarding: 'violet.4',
  retained_staff: 'gray.6',
  severance: 'red.8',
  governance: 'orange.8',
};

export const partyLabels: Record<Party, string> = {
  practice: 'Practice',
  internal_it: 'Internal IT',
  msp: 'MSP',
};

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const compactDollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Whole dollars: "$12,300"; minus signs for negative amounts. */
export function money(x: number): string {
  return dollars.format(Math.round(x));
}

/** Axis ticks: "$12K", "$1.2M". */
export function compactMoney(x: number): string {
  return compactDollars.format(x);
}

/** "+$1,200" or "−$300": a change. */
export function signedMoney(x: number): string {
  const rounded = Math.round(x);
  if (rounded === 0) return '$0';
  return `${rounded > 0 ? '+' : '−'}${dollars.format(Math.abs(rounded))}`;
}

export function count(x: number): string {
  return wholeNumber.format(x);
}

/** 0.734 -> "73%"; below 1% but above zero -> "<1%". */
export function percent(x: number): string {
  if (x > 0 && x < 0.005) return '<1%';
  if (x < 1 && x > 0.995) return '>99%';
  return `${Math.round(x * 100)}%`;
}
