/**
 * Confirmation before a side agrees to a version (issue 15): what it changes against the version in
 * force, from the server's diff. Proposing is agreeing for the proposer's side, so proposing asks
 * the same question.
 */
import { Button, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { AgreementSide } from '../../../src/matrix/version-schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { diffKey, matrixApi, type VersionView } from './matrix-api.ts';

export type Signing = 'propose' | 'agree';

interface Props {
  practiceId: string;
  version: VersionView;
  /** The number of the version in force, if any. */
  inForce: number | null;
  signing: Signing | null;
  /** The side the person agrees for; null when proposing does not sign (their side does not sign this matrix). */
  side: AgreementSide | null;
  busy: boolean;
  /** Why the last attempt failed, shown in the dialog (the page behind it is covered). */
  error: unknown;
  onConfirm: (s: Signing) => void;
  onClose: () => void;
}

const SIDE = { practice: 'the practice', msp: 'the MSP' } as const;

function Changes({ practiceId, from, to }: { practiceId: string; from: number; to: number }) {
  const diff = useQuery({
    queryKey: diffKey(practiceId, from, to),
    queryFn: () => matrixApi.diff(practiceId, from, to),
  });
  if (diff.isPending) return <Loader size="sm" aria-label="Loading the changes" />;
  if (diff.error) return <ErrorAlert error={diff.error} />;
  const changes = diff.data.changes;
  return (
    <Stack gap={4} component="section" aria-label="Changes against the version in force">
      <Text size="sm" fw={600}>
        {changes.length === 0
          ? `No changes against version ${from}, the version in force.`
          : `${changes.length} change${changes.length === 1 ? '' : 's'} against version ${from}, the version in force:`}
      </Text>
      {changes.length > 0 && (
        <List size="sm" spacing={2}>
          {changes.map((c) => (
            <List.Item key={`${c.kind}:${c.id}`}>{c.summary}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

export function AgreeDialog({ practiceId, version, inForce, signing, side, busy, error, onConfirm, onClose }: Props) {
  const others = side
    ? version.requiredSides.filter((s) => s !== side && !version.agreements[s])
    : version.requiredSides;
  const outcome =
    side === null
      ? 'Proposing does not sign for your side; each side agrees separately.'
      : others.length === 0
        ? `Your agreement puts version ${version.number} in force at once.`
        : `It comes into force when ${others.map((s) => SIDE[s]).join(' and ')} also agree${others.length === 1 ? 's' : ''}.`;
  const title =
    signing === 'propose'
      ? side
        ? `Propose version ${version.number} and agree to it for ${SIDE[side]}?`
        : `Propose version ${version.number}?`
      : `Agree to version ${version.number} for ${side ? SIDE[side] : 'your side'}?`;
  return (
    <Modal opened={signing !== null} onClose={onClose} title={title} size="lg">
      <Stack>
        {inForce !== null && inForce !== version.number ? (
          <Changes practiceId={practiceId} from={inForce} to={version.number} />
        ) : (
          <Text size="sm">
            No version is in force yet: this will be the first, with {version.activityCount} activities and{' '}
            {version.partyCount} parties.
          </Text>
        )}
        {signing === 'propose' && side && (
          <Text size="sm">Proposing records your agreement for {SIDE[side]}: there is no separate step to agree.</Text>
        )}
        <Text size="sm">{outcome}</Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="green" loading={busy} onClick={() => signing && onConfirm(signing)}>
            {signing === 'propose' ? (side ? 'Propose and agree' : 'Propose') : `Agree to version ${version.number}`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
