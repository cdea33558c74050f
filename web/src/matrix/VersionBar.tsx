/**
 * The version on screen: its status, who proposed it and who agreed on each side, and the steps
 * the person may take now (propose, agree for their side, return to draft), plus its exports.
 */
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { AgreementSide } from '../../../src/matrix/version-schema.ts';
import { formatDateTime } from '../ui/format.ts';
import { exportUrl, type VersionView } from './matrix-api.ts';

export const STATUS_COLOR = { draft: 'gray', proposed: 'blue', agreed: 'green', superseded: 'dark' } as const;
const SIDE_LABEL: Record<AgreementSide, string> = { practice: 'Practice', msp: 'MSP' };

interface Props {
  practiceId: string;
  version: VersionView;
  errorCount: number;
  mySide: AgreementSide;
  can: { propose: boolean; agree: boolean };
  busy: boolean;
  onStep: (step: 'propose' | 'agree' | 'revise') => void;
}

function signature(s: { by: { displayName: string } | null; at: string } | null): string {
  return s ? `${s.by?.displayName ?? 'an integration'}, ${formatDateTime(s.at)}` : 'not yet';
}

export function VersionBar({ practiceId, version, errorCount, mySide, can, busy, onStep }: Props) {
  const mine = version.agreements[mySide];
  const canAgreeNow = version.status === 'proposed' && can.agree && version.requiredSides.includes(mySide) && !mine;
  return (
    <Stack gap={6}>
      <Group gap="sm">
        <Text fw={700} size="lg">
          Version {version.number}
        </Text>
        <Badge color={STATUS_COLOR[version.status]} aria-label={`Status: ${version.status}`}>
          {version.status}
        </Badge>
        {version.note && <Text c="dimmed">{version.note}</Text>}
      </Group>
      <Group gap="lg">
        {version.proposed && <Text size="sm">Proposed by {signature(version.proposed)}</Text>}
        {version.status !== 'draft' &&
          version.requiredSides.map((side) => (
            <Text size="sm" key={side}>
              {SIDE_LABEL[side]} agreement: {signature(version.agreements[side])}
            </Text>
          ))}
        {version.agreedAt && <Text size="sm">In force from {formatDateTime(version.agreedAt)}</Text>}
        {version.supersededAt && <Text size="sm">Superseded {formatDateTime(version.supersededAt)}</Text>}
      </Group>
      <Group gap="sm">
        {version.status === 'draft' && can.propose && (
          <>
            <Button
              onClick={() => onStep('propose')}
              loading={busy}
              disabled={errorCount > 0}
              aria-describedby={errorCount > 0 ? 'propose-blocked' : undefined}
            >
              Propose for agreement
            </Button>
            {/* In words beside the button, not a hover tooltip: a disabled button takes no focus. */}
            {errorCount > 0 && (
              <Text size="sm" id="propose-blocked">
                Fix the {errorCount === 1 ? 'error' : `${errorCount} errors`} in the findings first.
              </Text>
            )}
          </>
        )}
        {canAgreeNow && (
          <Button color="green" onClick={() => onStep('agree')} loading={busy}>
            Agree for the {SIDE_LABEL[mySide].toLowerCase()}
          </Button>
        )}
        {version.status === 'proposed' && can.propose && (
          <Button variant="default" onClick={() => onStep('revise')} loading={busy}>
            Return to draft
          </Button>
        )}
        <Text size="sm" c="dimmed">
          Export:
        </Text>
        <Anchor size="sm" href={exportUrl(practiceId, version.number, 'csv')}>
          CSV
        </Anchor>
        <Anchor size="sm" href={exportUrl(practiceId, version.number, 'markdown')}>
          Markdown
        </Anchor>
        <Anchor size="sm" href={exportUrl(practiceId, version.number, 'html')} target="_blank" rel="noreferrer">
          Printable schedule
        </Anchor>
      </Group>
    </Stack>
  );
}
