/** Words and numbers as people read them, shared by the rationale, the CLI table and the HTML report. */
import type { SourcingOption } from './model/function-catalog.ts';
import type { OverallModel } from './decide/recommend.ts';

export const OPTION_LABELS: Record<SourcingOption | 'none', string> = {
  in_house: 'in-house',
  co_managed: 'co-managed',
  fully_managed: 'fully managed',
  none: 'not done today',
};

export const MODEL_LABELS: Record<OverallModel, string> = {
  in_house: 'in-house',
  co_managed: 'co-managed',
  fully_managed: 'fully managed',
  hybrid: 'hybrid (some functions in-house, others with an MSP)',
};

let dollars: Intl.NumberFormat | null = null;

/**
 * Whole dollars ("$12,300", "-$450"); the engine keeps full precision and rounds only here. Digits
 * grouped by hand as Intl's en-US currency format does: building that formatter loads ICU's data,
 * about 25 ms of a `tandem assess` process. Intl only for what it spells its own way (NaN, infinity,
 * numbers too large for plain digits).
 */
export function money(x: number): string {
  const n = Math.round(x);
  const size = Math.abs(n);
  if (!(size < 1e21)) {
    dollars ??= new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
    return dollars.format(n);
  }
  const digits = String(size);
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  // Intl writes a rounded negative zero as "-$0"; so does this.
  return n < 0 || Object.is(n, -0) ? `-$${grouped}` : `$${grouped}`;
}

export function fte(x: number): string {
  return `${x.toFixed(x < 10 ? 1 : 0)} FTE`;
}

export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Text for HTML: the reports put profile text (practice and people's names) into their pages. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * How far the recommended option is ahead of the runner-up, in the same numbers as the option table
 * (issue 14.6): the gap in risk-adjusted cost the table shows, and apart from it what the weights on
 * control and vendor dependency add (the decision score is the sum of the two).
 */
export function leadText(
  runnerUp: SourcingOption | null,
  margin: number | null,
  marginCost: number | null,
): string | null {
  if (runnerUp === null || margin === null || marginCost === null) return null;
  const preferences = margin - marginCost;
  const cost =
    marginCost >= 0
      ? `${money(marginCost)} a year cheaper including risk`
      : `${money(-marginCost)} a year dearer including risk`;
  if (Math.abs(preferences) < 0.5) return `ahead of ${OPTION_LABELS[runnerUp]}: ${cost}`;
  return `ahead of ${OPTION_LABELS[runnerUp]} by ${money(margin)} a year on the decision score: ${cost}, ${preferences >= 0 ? 'plus' : 'less'} ${money(Math.abs(preferences))} from the weights on control and vendor dependency`;
}
