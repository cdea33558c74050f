/**
 * The assessment as a whole: what the tornado, break-even and stakeholder views claim is checked
 * by re-running the engine under the claimed condition, so these tests fail if the claims drift
 * from the decisions they describe.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessmentSchema, type Assessment } from '../../../src/advisor/engine/assessment-schema.ts';
import { assess } from '../../../src/advisor/engine/assess.ts';
import { parseProfile, type PracticeProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { parseProfileText, profileDocument } from '../../../src/advisor/engine/profile/profile-text.ts';
import { renderReportHtml } from '../../../src/advisor/engine/report/report-html.ts';
import { breakEvenGrid, scaledProfile } from '../../../src/advisor/engine/decide/sensitivity.ts';

const examplesDir = path.join(import.meta.dirname, '..', '..', '..', 'examples');
const groupText = readFileSync(path.join(examplesDir, 'group-180-it-department.yaml'), 'utf8');
const group = parseProfileText(groupText);
const small = { iterations: 1000 };

function withChanges(changes: Record<string, unknown>): PracticeProfile {
  return parseProfile({ ...(profileDocument(groupText) as object), ...changes });
}

function deskOf(a: Assessment) {
  return a.functions.find((f) => f.id === 'help_desk_it')!;
}

describe('assess', () => {
  const base = assess(group, small);

  it('produces plain JSON that the published schema reads back unchanged', () => {
    const json = JSON.parse(JSON.stringify(base)) as unknown;
    expect(assessmentSchema.parse(json)).toEqual(json);
    expect(base.plans.map((p) => p.id)).toEqual(['current', 'recommended', 'in_house', 'co_managed', 'fully_managed']);
  });

  it('is reproducible: the same seed gives the same assessment, another seed only other percentiles', () => {
    expect(assess(group, { ...small, seed: 42 })).toEqual(assess(group, { ...small, seed: 42 }));
    const other = assess(group, { ...small, seed: 43 });
    expect(other.functions.map((f) => f.recommended)).toEqual(base.functions.map((f) => f.recommended));
    expect(other.plans[0]!.simulated.loss.p50).not.toBe(base.plans[0]!.simulated.loss.p50);
  });

  it('a tornado row that claims a flip really flips the decision when the input is set to that value', () => {
    // The first function whose decision flips on an input other than a salary (at 720 users,
    // servers and network on the MSP's prices).
    const flipping = (r: (typeof base.functions)[number]['sensitivity'][number]) =>
      (r.flipsLow || r.flipsHigh) && !r.input.startsWith('salaryFactor.');
    const id = base.functions.find((f) => f.sensitivity.some(flipping))!.id;
    const backup = (a: Assessment) => a.functions.find((f) => f.id === id)!;
    const desk = backup(base);
    const row = desk.sensitivity.find(flipping);
    expect(row, `the ${id} decision at 720 users has an input that flips it`).toBeDefined();
    const value = row!.flipsLow ? row!.low : row!.high;
    const flipped = assess(withChanges({ overrides: { ...group.overrides, [row!.input]: value } }), small);
    expect(backup(flipped).recommended).toBe(row!.flipsLow ?? row!.flipsHigh);
    // Rows are ordered by how far they move the margin.
    const swing = (r: (typeof desk.sensitivity)[number]) =>
      Math.max(Math.abs(r.marginLow - desk.margin!), Math.abs(r.marginHigh - desk.margin!));
    const swings = desk.sensitivity.map(swing);
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
  });

  it('the backup break-even is where in-house starts to win between two evaluated sizes', () => {
    const backupOf = (a: Assessment) => a.functions.find((f) => f.id === 'backup_dr')!;
    const be = backupOf(base).breakEven!;
    expect(be).toMatchObject({ option: 'in_house', direction: 'above' });
    expect(be.users).toBeGreaterThan(50);
    expect(be.users).toBeLessThan(720);
    const grid = breakEvenGrid();
    const above = grid.find((u) => u >= be.users!)!;
    const below = [...grid].reverse().find((u) => u < be.users!)!;
    const at = (users: number) => backupOf(assess(scaledProfile(group, users), small)).recommended;
    expect(at(above)).toBe('in_house');
    expect(at(below)).not.toBe('in_house');
    expect(be.text).toContain(`about ${be.users} users (you have 720)`);
  });

  it('shows where stakeholders disagree with the recommendation', () => {
    const a = assess(
      withChanges({
        stakeholders: [
          { name: 'Lee (COO)', weights: { cost: 1, control: 0, vendorDependency: 0 } },
          { name: 'Sam (CIO)', weights: { cost: 0.3, control: 0.5, vendorDependency: 0.2 } },
        ],
      }),
      small,
    );
    const [coo, cio] = a.stakeholders;
    // Analytics stays in-house on the practice's weights (control tips a close call); cost alone
    // co-manages it. Servers go to the MSP on the practice's weights; the CIO's weight on control
    // keeps staff in them (co-managed).
    expect(a.functions.find((f) => f.id === 'data_analytics')!.recommended).toBe('in_house');
    expect(coo!.decisions.data_analytics).toBe('co_managed');
    expect(coo!.differs).toContain('data_analytics');
    expect(a.functions.find((f) => f.id === 'servers_network')!.recommended).toBe('fully_managed');
    expect(cio!.decisions.servers_network).toBe('co_managed');
    expect(cio!.differs).toContain('servers_network');
    expect(cio!.differs).not.toContain('data_analytics');
    // The IT help desk's staff are paid either way (redeployed, issue 14.3): both keep it in-house.
    expect(coo!.decisions.help_desk_it).toBe('in_house');
    expect(cio!.differs).not.toContain('help_desk_it');
  });

  it('drafts who does what: the MSP does fully managed work, the practice stays accountable where HIPAA says so', () => {
    const monitoring = base.functions.find((f) => f.id === 'monitoring_24x7')!;
    expect(monitoring.recommended).toBe('fully_managed');
    for (const row of monitoring.split) expect(row.responsible).toBe('msp');
    const compliance = base.functions.find((f) => f.id === 'compliance_risk')!;
    const analysis = compliance.split.find((r) => r.activity === 'risk_analysis')!;
    expect(analysis.accountable).toBe('practice');
    expect(analysis.informed).toEqual([]);
    const desk = deskOf(base);
    expect(desk.recommended).toBe('in_house');
    for (const row of desk.split) expect(row.responsible).toBe('internal_it');
  });

  it('lists the questions a bare profile leaves open', () => {
    const bare = parseProfile({
      practice: { providers: 8, users: 30, locations: 1, specialty: 'medical' },
      current: { model: 'fully_managed' },
    });
    const ids = assess(bare, small).questions.map((q) => q.id);
    expect(ids).toEqual(
      expect.arrayContaining(['management', 'governance', 'insurance', 'msp_cost', 'revenue', 'perspectives']),
    );
    expect(base.questions.map((q) => q.id)).not.toContain('governance');
  });

  it('renders a report that escapes what the profile says', () => {
    const html = renderReportHtml(
      assess(
        parseProfile({ ...(profileDocument(groupText) as object), name: '<script>alert(1)</script> & Söhne' }),
        small,
      ),
    );
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Söhne');
  });
});
