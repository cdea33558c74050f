/**
 * /responsibilities: the practice's responsibility matrix. Shows the open version (draft or
 * proposed) if there is one, else the one in force; any version can be opened from the list.
 * A draft is edited in the grid, re-checked on every edit and saved in the background.
 */
import { Alert, Anchor, Badge, Button, Grid, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Finding } from '../../../src/matrix/schema.ts';
import { validateMatrix } from '../../../src/matrix/validate.ts';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { AgreeDialog, type Signing } from './AgreeDialog.tsx';
import { CompareVersions } from './CompareVersions.tsx';
import { historyCommand } from './edit-history.ts';
import { FindingsPanel } from './FindingsPanel.tsx';
import { matrixApi, versionKey, versionsKey, type VersionSummary, type VersionView } from './matrix-api.ts';
import { MatrixGrid, type FocusRequest } from './MatrixGrid.tsx';
import { MatrixSetup } from './MatrixSetup.tsx';
import { NewDraftPanel } from './NewDraftPanel.tsx';
import { useDraftSaver, type SaveState } from './useDraftSaver.ts';
import { STATUS_COLOR, VersionBar } from './VersionBar.tsx';

const SAVE_LABEL: Record<SaveState['kind'], string> = {
  saved: 'All changes saved',
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  conflict: 'Not saved',
  failed: 'Not saved',
};

const textField = 'input, textarea, select, [contenteditable="true"]';

/** Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) anywhere on the page but in a text field, which keeps its own undo. */
function useHistoryKeys(undo: (() => void) | undefined, redo: (() => void) | undefined) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inTextField = event.target instanceof Element && event.target.closest(textField) !== null;
      const { key, ctrlKey, metaKey, shiftKey, altKey } = event; // getters: a spread would not copy them
      const command = historyCommand({ key, ctrlKey, metaKey, shiftKey, altKey, inTextField });
      const run = command === 'undo' ? undo : command === 'redo' ? redo : undefined;
      if (!run) return;
      event.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo, redo]);
}

function defaultVersion(versions: VersionSummary[]): number | null {
  const open = versions.find((v) => v.status === 'draft' || v.status === 'proposed');
  return (open ?? versions.find((v) => v.status === 'agreed') ?? versions[0])?.number ?? null;
}

/** The grid of one version with its filters, findings and lifecycle steps. */
function VersionEditor({ practiceId, version }: { practiceId: string; version: VersionView }) {
  const practice = usePractice();
  const queryClient = useQueryClient();
  const onSaved = useCallback(
    (v: VersionView) => queryClient.setQueryData(versionKey(practiceId, v.number), v),
    [queryClient, practiceId],
  );
  const editable = version.status === 'draft' && can(practice, 'matrix.edit');
  const { matrix, edit, undo, redo, state } = useDraftSaver(practiceId, version, onSaved);
  useHistoryKeys(editable ? undo : undefined, editable ? redo : undefined);
  const findings = useMemo(() => validateMatrix(matrix), [matrix]);
  const [fn, setFn] = useState<string | null>(null);
  const [party, setParty] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const activities = useMemo(() => {
    const holds = party
      ? new Set(
          matrix.assignments
            .filter((a) => [a.responsible, a.accountable, a.consulted, a.informed].some((xs) => xs.includes(party)))
            .map((a) => a.activity),
        )
      : null;
    return matrix.activities.filter((a) => (!fn || a.function === fn) && (!holds || holds.has(a.id)));
  }, [matrix, fn, party]);

  const step = useMutation({
    mutationFn: (s: 'propose' | 'agree' | 'revise') => matrixApi[s](practiceId, version.number),
    onSuccess: async (v) => {
      setSigning(null);
      queryClient.setQueryData(versionKey(practiceId, v.number), v);
      await queryClient.invalidateQueries({ queryKey: versionsKey(practiceId) });
    },
  });
  // Proposing and agreeing sign for a side: both ask first, showing the changes against the version in force.
  const [signing, setSigning] = useState<Signing | null>(null);
  const versions = useQuery({ queryKey: versionsKey(practiceId), queryFn: () => matrixApi.list(practiceId) });
  const inForce = versions.data?.find((v) => v.status === 'agreed')?.number ?? null;
  const mySide = practice.role.startsWith('msp_') ? 'msp' : 'practice';
  const signsAs = can(practice, 'matrix.agree') && version.requiredSides.includes(mySide) ? mySide : null;

  const jump = (f: Finding) => {
    setFn(null);
    setParty(null);
    const target = f.cells.find((c) => c.party !== null) ?? f.cells[0];
    setFocus({ activity: target?.activity ?? f.activity, party: target?.party ?? null, nonce: Date.now() });
  };

  const functions = [...new Set(matrix.activities.map((a) => a.function))].map((id) => ({
    value: id,
    label: id.replaceAll('_', ' '),
  }));
  return (
    <Stack>
      <VersionBar
        practiceId={practiceId}
        version={version}
        errorCount={findings.filter((f) => f.severity === 'error').length}
        mySide={mySide}
        can={{ propose: can(practice, 'matrix.propose'), agree: can(practice, 'matrix.agree') }}
        busy={step.isPending || state.kind === 'saving' || state.kind === 'pending'}
        onStep={(s) => (s === 'revise' ? step.mutate(s) : setSigning(s))}
      />
      <AgreeDialog
        practiceId={practiceId}
        version={version}
        inForce={inForce}
        signing={signing}
        side={signsAs}
        busy={step.isPending}
        error={step.error}
        onConfirm={(s) => step.mutate(s)}
        onClose={() => setSigning(null)}
      />
      <ErrorAlert error={step.error} />
      {editable && (
        <Group gap="xs">
          <Text size="sm" c={state.kind === 'conflict' || state.kind === 'failed' ? 'red' : 'dimmed'} role="status">
            {SAVE_LABEL[state.kind]}
          </Text>
          {(state.kind === 'conflict' || state.kind === 'failed') && <Text size="sm">{state.message}</Text>}
          <Button size="compact-sm" variant="default" onClick={undo} disabled={!undo} aria-keyshortcuts="Control+Z">
            Undo
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={redo}
            disabled={!redo}
            aria-keyshortcuts="Control+Shift+Z Control+Y"
          >
            Redo
          </Button>
          {state.kind === 'conflict' && (
            <Anchor size="sm" onClick={() => window.location.reload()}>
              Reload the latest version
            </Anchor>
          )}
        </Group>
      )}
      <Group align="end">
        <Select
          label="Function"
          placeholder="All functions"
          data={functions}
          value={fn}
          onChange={setFn}
          clearable
          w={260}
        />
        <Select
          label="Party"
          placeholder="All parties"
          data={matrix.parties.map((p) => ({ value: p.id, label: p.name }))}
          value={party}
          onChange={setParty}
          clearable
          w={260}
        />
        <Text size="sm" c="dimmed">
          {activities.length} of {matrix.activities.length} activities
          {editable ? ' · type R, A, C or I on a cell to toggle that role, Enter for the menu' : ''}
        </Text>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <MatrixGrid
            matrix={matrix}
            activities={activities}
            findings={findings}
            editable={editable}
            onEdit={edit}
            focusRequest={focus}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <FindingsPanel findings={findings} onJump={jump} />
        </Grid.Col>
      </Grid>
      <MatrixSetup practiceId={practiceId} matrix={matrix} editable={editable} onEdit={edit} />
    </Stack>
  );
}

function VersionList({ versions, current }: { versions: VersionSummary[]; current: number | null }) {
  return (
    <Table striped aria-label="Versions">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th>In force from</Table.Th>
          <Table.Th>Findings</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {versions.map((v) => (
          <Table.Tr key={v.number}>
            <Table.Td>
              {v.number === current ? (
                <Text fw={700}>Version {v.number}</Text>
              ) : (
                <Anchor component={Link} to={`?version=${v.number}`}>
                  Version {v.number}
                </Anchor>
              )}
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLOR[v.status]}>{v.status}</Badge>
            </Table.Td>
            <Table.Td>
              {formatDateTime(v.createdAt)} {v.createdBy ? `by ${v.createdBy.displayName}` : ''}
            </Table.Td>
            <Table.Td>{formatDateTime(v.agreedAt)}</Table.Td>
            <Table.Td>
              {v.errorCount} errors, {v.warningCount} warnings
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function MatrixPage() {
  const practice = usePractice();
  const practiceId = practice.practiceId;
  const [params, setParams] = useSearchParams();
  const canRead = can(practice, 'matrix.read');
  const versions = useQuery({
    queryKey: versionsKey(practiceId),
    queryFn: () => matrixApi.list(practiceId),
    enabled: canRead,
  });
  const asked = Number(params.get('version'));
  const number = Number.isInteger(asked) && asked > 0 ? asked : defaultVersion(versions.data ?? []);
  const version = useQuery({
    queryKey: versionKey(practiceId, number ?? 0),
    queryFn: () => matrixApi.get(practiceId, number ?? 0),
    enabled: canRead && number !== null,
  });
  const list = versions.data ?? [];
  const open = list.some((v) => v.status === 'draft' || v.status === 'proposed');
  const loading = canRead && (versions.isPending || (number !== null && version.isPending));

  return (
    <Stack>
      <PageTitle
        title="Responsibilities"
        description={`Who is Responsible, Accountable, Consulted and Informed for each IT activity at ${practice.practiceName}, as agreed between the practice and its MSP.`}
      />
      {!canRead && (
        <Alert color="orange" title="Not available to your role">
          Your role in {practice.practiceName} does not include the responsibility matrix.
        </Alert>
      )}
      {loading ? (
        // One loader until the list and the version are both in, then the page in one go: drawing
        // the list first and the editor above it later moved the list down the screen (CLS 0.31 on
        // a phone, issue 22).
        <Loader aria-label="Loading the matrix" />
      ) : (
        <>
          <ErrorAlert error={versions.error ?? version.error} />
          {canRead && versions.data && !open && can(practice, 'matrix.edit') && (
            <NewDraftPanel
              practiceId={practiceId}
              hasAgreed={list.some((v) => v.status === 'agreed')}
              canReadAssessments={can(practice, 'assessments.read')}
              onCreated={(v) => setParams({ version: String(v.number) })}
            />
          )}
          {versions.data && list.length === 0 && <Text c="dimmed">No matrix yet.</Text>}
          {version.data && (
            <VersionEditor
              key={`${version.data.number}:${version.data.status}`}
              practiceId={practiceId}
              version={version.data}
            />
          )}
          {list.length > 0 && (
            <Stack gap="sm">
              <Title order={2} size="h3">
                Versions
              </Title>
              <CompareVersions versions={list} />
              <VersionList versions={list} current={number} />
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
