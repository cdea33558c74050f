/**
 * The articles' questions that the profile leaves unanswered (seed article 003, "The questions
 * that actually matter"), each with why it matters for this assessment. A missing answer never
 * blocks the assessment (a default stands in); the list says where a default stood in.
 */
import type { SourcingOption } from '../model/function-catalog.ts';
import type { Model } from '../model/model.ts';

export interface Question {
  id: string;
  question: string;
  why: string;
}

export function questionsFor(model: Model, recommended: readonly (SourcingOption | null)[]): Question[] {
  const p = model.profile;
  const out: Question[] = [];
  const ask = (id: string, question: string, why: string) => out.push({ id, question, why });
  if (!p.technologyLeader)
    ask(
      'management',
      'Who will manage the internal team, and do they have the bandwidth?',
      'No technology leader was given, so the practice manager is assumed to handle IT with 2 hours a week.',
    );
  if (!p.governance)
    ask(
      'governance',
      'Does the practice have written IT policies, documented processes and a governance framework?',
      'Without an answer, the assessment assumes none are in place.',
    );
  else if (p.governance.lastRiskAnalysis === undefined)
    ask(
      'risk_analysis',
      'When was the last HIPAA security risk analysis?',
      'Penalties are weighted as if none had been done in the last 24 months.',
    );
  if (!p.insurance)
    ask(
      'insurance',
      'What does your cyber insurer require (24/7 monitoring, MFA, EDR, documented compliance, tested backups)?',
      'An insurer requirement can rule options out; none were assumed.',
    );
  const usesMsp = model.functions.some((f) => f.current === 'co_managed' || f.current === 'fully_managed');
  if (
    usesMsp &&
    p.current.mspMonthlyCost === undefined &&
    !Object.values(p.current.functions ?? {}).some((f) => f?.mspMonthlyCost !== undefined)
  )
    ask(
      'msp_cost',
      'What does the MSP invoice today?',
      'Market prices stand in for your current fee, so the saving or cost of a change is less certain.',
    );
  if (p.practice.revenuePerProviderPerDay === undefined)
    ask(
      'revenue',
      'What does a provider bring in on a clinic day?',
      'Downtime is costed from a default revenue per provider per day.',
    );
  if (p.staff.some((s) => s.salary === undefined))
    ask('salaries', 'What do your IT staff earn?', 'Market median salaries stand in for the staff listed without one.');
  const someInHouse = recommended.some((o) => o === 'in_house');
  const someOutside = recommended.some((o) => o === 'fully_managed' || o === 'co_managed');
  if (someInHouse && someOutside)
    ask(
      'partners',
      "What's our plan for the functions we don't insource?",
      'The recommendation splits functions between internal staff and partners; each partner function needs a partner evaluated for that scope.',
    );
  if (
    model.functions.some(
      (f, i) => recommended[i] === 'in_house' && f.plans.in_house.people <= 1 && !f.plans.in_house.hasCover,
    )
  )
    ask(
      'departure',
      'What happens when someone leaves?',
      'At least one function kept in-house would rest on one person with no cover.',
    );
  if (p.stakeholders.length < 2)
    ask(
      'perspectives',
      'Are we making this decision based on the full picture, or on the instinct of one person?',
      'Add the weights of the people involved (e.g. the CTO, the practice manager, a lead physician) under stakeholders to see where their views change the answer.',
    );
  return out;
}
