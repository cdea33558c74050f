/**
 * The fully managed price per user per month as an MSP would quote it (issue 14.7): the per-user
 * bundle, which the published range ($100-250, economics.md section 4) describes, and the add-ons
 * billed on top of it (MDR per endpoint, managed servers, compliance retainer, EMR and patient
 * desk support, the partners of declared needs). Shown so a total above the published range is
 * explained by the extras it stacks, not hidden in one figure.
 */
import { sumTerms } from '../model/columns.ts';
import { marketFeeParts } from '../model/cost-model.ts';
import { defaultEntry } from '../model/defaults.ts';
import { money } from '../format.ts';
import type { Model } from '../model/model.ts';

export interface PriceStack {
  /** The per-user bundle, per user per month. */
  bundle: number;
  addOns: { priceId: string; label: string; perUserMonth: number }[];
  total: number;
}

/** Market prices at their means, for every needed function fully managed. */
export function fullyManagedStack(model: Model): PriceStack {
  const means = model.inputs.cols.means();
  const perUserMonth = 1 / model.size.users / 12;
  let bundle = 0;
  const addOns = new Map<string, number>();
  for (const f of model.functions) {
    if (!f.needed) continue;
    for (const part of marketFeeParts(model.inputs, f.costInput, 'fully_managed')) {
      const value = sumTerms([part.term], means, 0) * perUserMonth;
      if (part.bundle) bundle += value;
      else addOns.set(part.priceId, (addOns.get(part.priceId) ?? 0) + value);
    }
  }
  const list = [...addOns]
    .map(([priceId, value]) => ({ priceId, label: defaultEntry(priceId).label, perUserMonth: value }))
    .sort((a, b) => b.perUserMonth - a.perUserMonth);
  return { bundle, addOns: list, total: bundle + list.reduce((s, a) => s + a.perUserMonth, 0) };
}

export function priceStackSentence(stack: PriceStack): string {
  const head = `Fully managed, everything would be billed about ${money(stack.total)} a user a month: the per-user bundle, ${money(stack.bundle)} (published range $100-250)`;
  if (stack.addOns.length === 0) return `${head}.`;
  const parts = stack.addOns.map((a) => `${a.label} ${money(a.perUserMonth)}`);
  return `${head}, plus add-ons billed on top of it: ${parts.join('; ')}.`;
}
