/**
 * Risk components against hand-computed values on the small practice of fixtures.ts: key-person
 * risk, project overrun, MSP exit, the four loss scenarios for given control deliveries, and how
 * much of each control a function delivers under each option.
 *
 * Key-person figures: security operations lose 2% of the daily revenue (5 providers x $3,000 =
 * $15,000) while nobody who knows them is there, $300 a day; the yearly chance of losing the person
 * is turnover 0.1 + long absence 0.05 = 0.15; the gap is 73 days to fill + 60 days to ramp up = 133.
 */
import { describe, expect, it } from 'vitest';
import { CONTROL_IDS, controlIndex, type ControlId } from '../../../src/advisor/engine/model/controls.ts';
import { sumTerms } from '../../../src/advisor/engine/model/columns.ts';
import { deliveryOf, deliveryWithSwap, currentAssignment } from '../../../src/advisor/engine/model/point.ts';
import { combineDelivery, controlContribution, keyPersonTerms } from '../../../src/advisor/engine/model/risk-model.ts';
import { fnOf, pointsOf, smallModel } from './fixtures.ts';

const analyst = (fte: number, canBeCovered = false) => ({
  role: 'security_analyst' as const,
  fte,
  skills: ['security_operations' as const],
  canBeCovered,
});

function keyPerson(changes: Parameters<typeof smallModel>[0], option: 'in_house' | 'co_managed' | 'fully_managed') {
  return pointsOf(smallModel(changes), 'security_operations')[option].risk.key_person;
}

function delivery(values: Partial<Record<ControlId, number>>): Float64Array {
  const D = new Float64Array(CONTROL_IDS.length);
  for (const [id, v] of Object.entries(values)) D[controlIndex(id as ControlId)] = v;
  return D;
}

describe('key-person risk', () => {
  it('alone and uncovered: the whole gap, plus every holiday and sick day', () => {
    // $300 x 1 x 0.15 x 133 days = $5,985; short absences 20 days x 0.25 impact x $300 = $1,500.
    expect(keyPerson({}, 'in_house')).toBeCloseTo(5985 + 1500, 6);
  });

  it('one person who can be covered: the backup residual of 0.3, no short-absence gap', () => {
    // $300 x 0.3 x 0.15 x 133 = $1,795.50.
    expect(keyPerson({ staff: [analyst(1, true)] }, 'in_house')).toBeCloseTo(1795.5, 6);
  });

  it('two people: 0.3 / (2 - 1); three people: 0.3 / (3 - 1)', () => {
    expect(keyPerson({ staff: [analyst(0.5), analyst(0.5)] }, 'in_house')).toBeCloseTo(1795.5, 6);
    // Three half-time analysts, 1 FTE of them used (the minimum team): $300 x 0.15 x 0.15 x 133 = $897.75.
    expect(keyPerson({ staff: [analyst(0.5), analyst(0.5), analyst(0.5)] }, 'in_house')).toBeCloseTo(897.75, 6);
  });

  it('co-managed: the MSP covers, leaving 0.2 / people', () => {
    // One internal person (0.5 FTE hired): $300 x 0.2 x 0.15 x 133 = $1,197.
    expect(keyPerson({}, 'co_managed')).toBeCloseTo(1197, 6);
    // Two existing people: half of that.
    expect(keyPerson({ staff: [analyst(0.5), analyst(0.5)] }, 'co_managed')).toBeCloseTo(598.5, 6);
  });

  it('fully managed: none', () => {
    expect(keyPerson({}, 'fully_managed')).toBe(0);
  });

  it('documented processes shorten the gap to 60% (not the short absences)', () => {
    const documented = { writtenPolicies: false, documentedProcesses: true, governanceFramework: false };
    // $5,985 x 0.6 + $1,500.
    expect(keyPerson({ governance: documented }, 'in_house')).toBeCloseTo(5985 * 0.6 + 1500, 6);
  });

  it('keyPersonTerms gives the same sum on the row of means', () => {
    const model = smallModel();
    const fn = fnOf(model, 'security_operations');
    const terms = keyPersonTerms(model.inputs, fn.spec, {
      plan: fn.plans.in_house,
      dailyImpact: 300,
      documented: false,
    });
    expect(terms).toHaveLength(2);
    expect(sumTerms(terms, model.inputs.cols.means(), 0)).toBeCloseTo(7485, 6);
  });
});

describe('project overrun and MSP exit', () => {
  const model = smallModel();

  it('overrun is a share of the loaded salaries in-house and of the fees with a partner', () => {
    const p = pointsOf(model, 'data_analytics');
    // Basic analytics: workload 0.1 + 0.004 x 5 providers = 0.12 FTE, hired as 0.5 FTE of data analyst.
    // In-house: 0.5 x $112,590 x 1.25 loading x 0.5 overrun = $35,184.375.
    expect(p.in_house.risk.project).toBeCloseTo(35184.375, 6);
    // Fully managed: partner fee 5 providers x 12 x $50 = $3,000 x 0.2 overrun = $600.
    expect(p.fully_managed.risk.project).toBeCloseTo(600, 6);
    // Co-managed: the same hire, plus 60% of the fee: $35,184.375 + $1,800 x 0.2.
    expect(p.co_managed.risk.project).toBeCloseTo(35184.375 + 360, 6);
  });

  it('the exit cost is shared by fee: fully managed shares add up to 0.1 x $100,000', () => {
    // Fully managed fees of the 13 needed functions add up to $76,400 (see cost-model.test.ts for the prices):
    // 11,880 + 1,584 + 4,800 + 6,336 + 5,544 + 3,168 + 11,568 + 3,168 + 17,000 + 3,600 + 3,000 + 2,376 + 2,376.
    const needed = model.functions.filter((f) => f.needed);
    const fees = needed.map((f) => pointsOf(model, f.id).fully_managed.components.msp_fees);
    expect(fees.reduce((a, b) => a + b, 0)).toBeCloseTo(76400, 6);
    const exit = needed.map((f) => pointsOf(model, f.id).fully_managed.risk.vendor_exit);
    expect(exit.reduce((a, b) => a + b, 0)).toBeCloseTo(10000, 6);
    // Help desk: $10,000 x 11,880 / 76,400; co-managed $10,000 x 4,800 / 76,400; none in-house.
    const desk = pointsOf(model, 'help_desk_it');
    expect(desk.fully_managed.risk.vendor_exit).toBeCloseTo((10000 * 11880) / 76400, 6);
    expect(desk.co_managed.risk.vendor_exit).toBeCloseTo((10000 * 4800) / 76400, 6);
    expect(desk.in_house.risk.vendor_exit).toBe(0);
  });
});

describe('loss scenarios (ScenarioModel.expectedLoss)', () => {
  const model = smallModel();
  const v = model.inputs.cols.means();
  const loss = (D: Float64Array) => model.scenarios.expectedLoss(D, v);

  it('with no control delivered', () => {
    const l = loss(delivery({}));
    // Breach: 0.05 a year x size 1 x (0.1 x 10,000 records x $200 + penalty 0.02 x $100,000 x tier 3)
    //       = 0.05 x ($200,000 + $6,000) = $10,300.
    expect(l.breach).toBeCloseTo(10300, 6);
    // Disruption: 0.1 a year x (5 days x $15,000 x 0.3 + $50,000 recovery) = 0.1 x $72,500 = $7,250.
    expect(l.disruption).toBeCloseTo(7250, 6);
    // Outage: 1 a year x sqrt(1 location) x 8 h / 8 x $15,000 x 0.3 = $4,500.
    expect(l.outage).toBeCloseTo(4500, 6);
    // Friction: 4 h x 20 users x $35 = $2,800.
    expect(l.friction).toBeCloseTo(2800, 6);
    expect(l.total).toBeCloseTo(24850, 6);
  });

  it('MDR fully delivered halves breach and disruption likelihood and cuts breach magnitude to 80%', () => {
    const l = loss(delivery({ mdr: 1 }));
    // Breach: 0.05 x 0.5 x (0.1 x 10,000 x $200 x 0.8 + $6,000) = 0.025 x $166,000 = $4,150.
    expect(l.breach).toBeCloseTo(4150, 6);
    // Disruption: 0.1 x 0.5 x $72,500 = $3,625.
    expect(l.disruption).toBeCloseTo(3625, 6);
    expect(l.outage).toBeCloseTo(4500, 6);
  });

  it('a half-delivered control has half its effect: factor 1 - D x (1 - m)', () => {
    const l = loss(delivery({ mdr: 0.5 }));
    // Likelihood 1 - 0.5 x 0.5 = 0.75, magnitude 1 - 0.5 x 0.2 = 0.9:
    // 0.05 x 0.75 x ($180,000 + $6,000) = $6,975; disruption 0.1 x 0.75 x $72,500 = $5,437.50.
    expect(l.breach).toBeCloseTo(6975, 6);
    expect(l.disruption).toBeCloseTo(5437.5, 6);
  });

  it('controls multiply: MFA and training on the breach, infrastructure on outages, on-site on friction', () => {
    const l = loss(delivery({ mfa: 1, training: 0.5, infrastructure: 1, onsite: 1 }));
    // Breach: 0.05 x 0.6 x (0.1 x 10,000 x $200 x (1 - 0.5 x 0.1) + $6,000) = 0.03 x $196,000 = $5,880.
    expect(l.breach).toBeCloseTo(5880, 6);
    // Outage $4,500 x 0.7; friction $2,800 x 0.8.
    expect(l.outage).toBeCloseTo(3150, 6);
    expect(l.friction).toBeCloseTo(2240, 6);
  });

  it("a function's exposure is its loss above the loss with its controls perfectly delivered", () => {
    // Security operations in-house deliver MFA and training but not MDR (a business-hours team):
    // breach $5,880 + disruption $7,250, against ideal (MDR too) breach 0.05 x 0.5 x 0.6 x ($152,000 + $6,000) = $2,370
    // and disruption $3,625: exposure = $13,130 - $5,995 = $7,135. The MSP options deliver all three.
    const p = pointsOf(model, 'security_operations');
    expect(p.in_house.risk.exposure).toBeCloseTo(7135, 6);
    expect(p.co_managed.risk.exposure).toBeCloseTo(0, 6);
    expect(p.fully_managed.risk.exposure).toBeCloseTo(0, 6);
    // Fully managed help desk delivers 0.5 x 0.3 of on-site support, ideal 0.5:
    // $2,800 x (1 - 0.15 x 0.2) - $2,800 x (1 - 0.5 x 0.2) = $2,716 - $2,520 = $196.
    expect(pointsOf(model, 'help_desk_it').fully_managed.risk.exposure).toBeCloseTo(196, 6);
  });
});

describe('control delivery', () => {
  const at = (D: Float64Array, id: ControlId) => D[controlIndex(id)];

  it('a 24x7 control is not delivered by an in-house team that does not cover 24x7', () => {
    const fn = fnOf(smallModel(), 'security_operations');
    expect(fn.plans.in_house.covers24x7).toBe(false);
    expect(at(fn.contribution.in_house, 'mdr')).toBe(0);
    expect(at(fn.contribution.in_house, 'mfa')).toBe(1);
    expect(at(fn.contribution.in_house, 'training')).toBe(0.5);
    // The MSP delivers MDR under both MSP options.
    expect(at(fn.contribution.co_managed, 'mdr')).toBe(1);
    expect(at(fn.contribution.fully_managed, 'mdr')).toBe(1);
  });

  it('an in-house team of 5 FTE covers 24x7 and delivers MDR', () => {
    const model = smallModel({
      proposedChanges: [
        { function: 'security_operations', to: 'in_house', hires: [{ role: 'security_analyst', fte: 5 }] },
      ],
    });
    const fn = fnOf(model, 'security_operations');
    expect(fn.plans.in_house.covers24x7).toBe(true);
    expect(at(fn.contribution.in_house, 'mdr')).toBe(1);
  });

  it('an in-house team below the coverage floor delivers in proportion', () => {
    const model = smallModel({
      proposedChanges: [{ function: 'help_desk_it', to: 'in_house', hires: [{ role: 'help_desk', fte: 0.5 }] }],
    });
    // On-site weight 0.5 x 0.5 FTE / 1.15 FTE floor.
    expect(at(fnOf(model, 'help_desk_it').contribution.in_house, 'onsite')).toBeCloseTo((0.5 * 0.5) / 1.15, 12);
  });

  it('an option-specific delivery scales the weight; none delivers nothing; ideal delivers the weights', () => {
    const fn = fnOf(smallModel(), 'emr_support');
    expect(at(fn.contribution.fully_managed, 'emr_expertise')).toBeCloseTo(0.7, 12);
    expect(at(fn.contribution.in_house, 'emr_expertise')).toBe(1);
    expect(Array.from(fn.contribution.none).every((x) => x === 0)).toBe(true);
    const desk = fnOf(smallModel(), 'help_desk_it');
    expect(at(desk.contribution.ideal, 'onsite')).toBe(0.5);
    expect(at(desk.contribution.fully_managed, 'onsite')).toBeCloseTo(0.15, 12); // 0.5 x 0.3
  });

  it('management short of time lets delivery drift', () => {
    const fn = fnOf(smallModel(), 'security_operations');
    const ctx = { spec: fn.spec, plan: fn.plans.in_house, managementShort: true, drift: 0.25, internalShare: 0.4 };
    // In-house: MFA 1 x (1 - 0.25); co-managed: 1 x (1 - 0.25 x 0.4).
    expect(at(controlContribution(ctx, 'in_house'), 'mfa')).toBeCloseTo(0.75, 12);
    expect(at(controlContribution({ ...ctx, plan: fn.plans.co_managed }, 'co_managed'), 'mfa')).toBeCloseTo(0.9, 12);
    expect(at(controlContribution(ctx, 'fully_managed'), 'mfa')).toBe(1);
  });

  it('combineDelivery adds the contributions of the functions and caps each control at 1', () => {
    const D = combineDelivery([delivery({ patching: 0.7, mfa: 0.2 }), delivery({ patching: 0.6, mfa: 0.3 })]);
    expect(at(D, 'patching')).toBe(1);
    expect(at(D, 'mfa')).toBeCloseTo(0.5, 12);
    expect(at(D, 'mdr')).toBe(0);
    // Across the catalog: on-site support is owned 0.5 + 0.2 + 0.3 by the three desk and device functions.
    const model = smallModel();
    const all = (o: 'in_house' | 'fully_managed') => model.functions.map((f) => (f.needed ? o : null));
    expect(at(deliveryOf(model, all('fully_managed')), 'onsite')).toBeCloseTo(0.3, 12); // (0.5 + 0.2 + 0.3) x 0.3
    for (const x of deliveryOf(model, all('in_house'))) expect(x).toBeLessThanOrEqual(1);
    // No MSP and nothing in-house today: the reference delivers nothing; one swap delivers that function's share.
    const reference = currentAssignment(model);
    expect(reference.every((o) => o === null)).toBe(true);
    const swapped = deliveryWithSwap(model, reference, fnOf(model, 'servers_network'), 'in_house');
    expect(at(swapped, 'patching')).toBeCloseTo(0.4, 12);
    expect(at(swapped, 'infrastructure')).toBe(1);
  });
});
