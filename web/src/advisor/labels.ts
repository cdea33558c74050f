/**
 * Words, colours and numbers for the advisor's screens: options and plans with readable labels,
 * money as whole dollars, shares as percentages. The engine's own wording (format.ts) is reused
 * where it reads well at the start of a sentence.
 */
import type { MantineColor } from '@mantine/core';
import type { OverallModel } from '../../../src/advisor/engine/decide/recommend.ts';
import type { CostComponent } from '../../../src/advisor/engine/model/cost-model.ts';
import type { PlanId } from '../../../src/advisor/engine/assessment-schema.ts';
import type { SourcingOption } from '../../../src/advisor/engine/model/function-catalog.ts';
import { MODEL_LABELS, capitalize } from '../../../src/advisor/engine/format.ts';
import {
  COMPONENT_COLORS,
  COMPONENT_LABELS,
  EXPECTED_LOSS_COLOR,
  EXPECTED_LOSS_LABEL,
  OPTION_TITLES,
  PARTY_LABELS,
  PLAN_COLORS,
  PLAN_LABELS,
  PLAN_ORDER,
} from '../../../src/advisor/engine/report/labels.ts';

/** Shared with the printable report (src/advisor/engine/report/labels.ts), so both say and colour everything alike. */
export const optionLabels = OPTION_TITLES;
export const planOrder = PLAN_ORDER;
export const planLabels = PLAN_LABELS;
export const planColors: Record<PlanId, MantineColor> = PLAN_COLORS;
export const componentLabels = COMPONENT_LABELS;
export const componentColors: Record<CostComponent, MantineColor> = COMPONENT_COLORS;
export const partyLabels = PARTY_LABELS;
export { EXPECTED_LOSS_COLOR as lossColor, EXPECTED_LOSS_LABEL as lossLabel };

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
