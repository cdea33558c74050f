/**
 * Everything in a draft besides the cells: the parties (with who covers for whom and what an
 * MSP's contract covers), the activities (from the shipped catalog or the practice's own), and
 * planned absences. Read-only unless the version is a draft the person may edit.
 */
import { Button, Checkbox, Group, MultiSelect, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { coverages, partyKinds, partySides, slaClasses, type Matrix, type Party } from '../../../src/matrix/schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { catalogKey, matrixApi } from './matrix-api.ts';
import {
  addAbsence,
  addActivity,
  addParty,
  removeAbsence,
  removeActivity,
  removeParty,
  updateParty,
} from './matrix-edits.ts';

interface Props {
  practiceId: string;
  matrix: Matrix;
  editable: boolean;
  onEdit: (next: Matrix) => void;
}

const options = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x.replaceAll('_', ' ') }));

function PartyRow({
  party,
  matrix,
  editable,
  onEdit,
  functions,
}: { party: Party; functions: { value: string; label: string }[] } & Omit<Props, 'practiceId'>) {
  const others = matrix.parties.filter((p) => p.id !== party.id).map((p) => ({ value: p.id, label: p.name }));
  const set = (change: Partial<Party>) => onEdit(updateParty(matrix, party.id, change));
  return (
    <Table.Tr>
      <Table.Td>{party.name}</Table.Td>
      <Table.Td>{party.side.replaceAll('_', ' ')}</Table.Td>
      <Table.Td>{party.kind}</Table.Td>
      <Table.Td>
        <Select
          aria-label={`Coverage of ${party.name}`}
          data={options(coverages)}
          value={party.coverage}
          disabled={!editable}
          allowDeselect={false}
          onChange={(v) => v && set({ coverage: v as Party['coverage'] })}
          w={120}
        />
      </Table.Td>
      <Table.Td>
        <MultiSelect
          aria-label={`${party.name} covers for`}
          data={others}
          value={party.covers}
          disabled={!editable}
          onChange={(covers) => set({ covers })}
          placeholder={editable ? 'Nobody' : undefined}
          w={220}
        />
      </Table.Td>
      <Table.Td>
        {party.side === 'msp' || party.side === 'vendor' ? (
          <MultiSelect
            aria-label={`Contract scope of ${party.name}`}
            data={functions}
            value={party.scope ?? []}
            disabled={!editable}
            onChange={(scope) => set({ scope: scope as Party['scope'] })}
            placeholder={editable ? 'Not stated' : undefined}
            w={260}
          />
        ) : (
          <Text c="dimmed" size="sm">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={`${party.name} is the HIPAA security official`}
          checked={party.securityOfficial}
          disabled={!editable}
          onChange={(e) => set({ securityOfficial: e.currentTarget.checked })}
        />
      </Table.Td>
      {editable && (
        <Table.Td>
          <Button size="xs" variant="subtle" color="red" onClick={() => onEdit(removeParty(matrix, party.id))}>
            Remove {party.name}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function NewParty({ matrix, onEdit }: Pick<Props, 'matrix' | 'onEdit'>) {
  const [name, setName] = useState('');
  const [side, setSide] = useState<Party['side']>('internal_it');
  const [kind, setKind] = useState<Party['kind']>('person');
  const [coverage, setCoverage] = useState<Party['coverage']>('business');
  const add = () => {
    onEdit(addParty(matrix, { name: name.trim(), side, kind, coverage, covers: [], securityOfficial: false }));
    setName('');
  };
  return (
    <Group align="end">
      <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} w={240} />
      <Select
        label="Side"
        data={options(partySides)}
        value={side}
        allowDeselect={false}
        onChange={(v) => v && setSide(v as Party['side'])}
        w={150}
      />
      <Select
        label="Kind"
        data={options(partyKinds)}
        value={kind}
        allowDeselect={false}
        onChange={(v) => v && setKind(v as Party['kind'])}
        w={150}
      />
      <Select
        label="Coverage"
        data={options(coverages)}
        value={coverage}
        allowDeselect={false}
        onChange={(v) => v && setCoverage(v as Party['coverage'])}
        w={130}
      />
      <Button onClick={add} disabled={name.trim() === ''}>
        Add party
      </Button>
    </Group>
  );
}

function Activities({ practiceId, matrix, editable, onEdit }: Props) {
  const catalog = useQuery({
    queryKey: catalogKey(practiceId),
    queryFn: () => matrixApi.catalog(practiceId),
    enabled: editable,
  });
  const [pick, setPick] = useState<string | null>(null);
  const [drop, setDrop] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [fn, setFn] = useState<string | null>(null);
  const [coverage, setCoverage] = useState<'business' | '24x7'>('business');
  const [sla, setSla] = useState<(typeof slaClasses)[number]>('normal');
  const have = new Set(matrix.activities.map((a) => a.id));
  const fnName = new Map((catalog.data?.functions ?? []).map((f) => [f.id, f.name]));
  const missing = (catalog.data?.activities ?? []).filter((a) => !have.has(a.id));
  if (!editable) return <Text c="dimmed">{matrix.activities.length} activities. Only a draft can change them.</Text>;
  return (
    <Stack>
      <ErrorAlert error={catalog.error} />
      <Group align="end">
        <Select
          label="Add from the catalog"
          placeholder={missing.length ? 'Choose an activity' : 'Every catalog activity is in the matrix'}
          searchable
          data={missing.map((a) => ({ value: a.id, label: `${fnName.get(a.function) ?? a.function}: ${a.name}` }))}
          value={pick}
          onChange={setPick}
          w={520}
        />
        <Button
          disabled={!pick}
          onClick={() => {
            const a = missing.find((x) => x.id === pick);
            if (a) onEdit(addActivity(matrix, a));
            setPick(null);
          }}
        >
          Add activity
        </Button>
      </Group>
      <Group align="end">
        <TextInput
          label="Or a new activity"
          placeholder="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={200}
          w={260}
        />
        <Select
          label="Function"
          data={(catalog.data?.functions ?? []).map((f) => ({ value: f.id, label: f.name }))}
          value={fn}
          onChange={setFn}
          w={220}
        />
        <Select
          label="Coverage"
          data={options(coverages)}
          value={coverage}
          allowDeselect={false}
          onChange={(v) => v && setCoverage(v as 'business' | '24x7')}
          w={130}
        />
        <Select
          label="SLA"
          data={options(slaClasses)}
          value={sla}
          allowDeselect={false}
          onChange={(v) => v && setSla(v as typeof sla)}
          w={120}
        />
        <Button
          disabled={!name.trim() || !fn}
          onClick={() => {
            onEdit(
              addActivity(matrix, {
                name: name.trim(),
                function: fn as Matrix['activities'][number]['function'],
                coverage,
                sla,
                practiceAccountable: false,
              }),
            );
            setName('');
          }}
        >
          Add new activity
        </Button>
      </Group>
      <Group align="end">
        <Select
          label="Remove an activity"
          searchable
          data={matrix.activities.map((a) => ({ value: a.id, label: a.name }))}
          value={drop}
          onChange={setDrop}
          w={520}
        />
        <Button
          color="red"
          variant="light"
          disabled={!drop}
          onClick={() => {
            if (drop) onEdit(removeActivity(matrix, drop));
            setDrop(null);
          }}
        >
          Remove activity
        </Button>
      </Group>
    </Stack>
  );
}

function Absences({ matrix, editable, onEdit }: Omit<Props, 'practiceId'>) {
  const [party, setParty] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const name = new Map(matrix.parties.map((p) => [p.id, p.name]));
  const valid = party !== null && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  return (
    <Stack>
      {matrix.absences.length === 0 ? (
        <Text c="dimmed">No planned absences.</Text>
      ) : (
        <Table aria-label="Planned absences">
          <Table.Tbody>
            {matrix.absences.map((a, i) => (
              <Table.Tr key={`${a.party}:${a.from}:${i}`}>
                <Table.Td>{name.get(a.party) ?? a.party}</Table.Td>
                <Table.Td>
                  {a.from} to {a.to}
                </Table.Td>
                <Table.Td>{a.note}</Table.Td>
                {editable && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => onEdit(removeAbsence(matrix, i))}>
                      Remove
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editable && (
        <Group align="end">
          <Select
            label="Who is away"
            data={matrix.parties.map((p) => ({ value: p.id, label: p.name }))}
            value={party}
            onChange={setParty}
            w={220}
          />
          <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput
            label="To"
            type="date"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={from && to && from > to ? 'Ends before it starts' : undefined}
          />
          <TextInput
            label="Note"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={200}
            w={220}
          />
          <Button
            disabled={!valid}
            onClick={() => {
              onEdit(addAbsence(matrix, { party: party!, from, to, ...(note.trim() ? { note: note.trim() } : {}) }));
              setNote('');
            }}
          >
            Add absence
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function MatrixSetup(props: Props) {
  const catalogFunctions = useQuery({
    queryKey: catalogKey(props.practiceId),
    queryFn: () => matrixApi.catalog(props.practiceId),
  });
  const functions = (catalogFunctions.data?.functions ?? []).map((f) => ({ value: f.id, label: f.name }));
  return (
    <Tabs defaultValue="parties" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="parties">Parties ({props.matrix.parties.length})</Tabs.Tab>
        <Tabs.Tab value="activities">Activities ({props.matrix.activities.length})</Tabs.Tab>
        <Tabs.Tab value="absences">Absences ({props.matrix.absences.length})</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="parties" pt="sm">
        <Stack>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Parties">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Side</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Coverage</Table.Th>
                  <Table.Th>Covers for</Table.Th>
                  <Table.Th>Contract scope</Table.Th>
                  <Table.Th>Security official</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {props.matrix.parties.map((p) => (
                  <PartyRow
                    key={p.id}
                    party={p}
                    matrix={props.matrix}
                    editable={props.editable}
                    onEdit={props.onEdit}
                    functions={functions}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {props.editable && <NewParty matrix={props.matrix} onEdit={props.onEdit} />}
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="activities" pt="sm">
        <Activities {...props} />
      </Tabs.Panel>
      <Tabs.Panel value="absences" pt="sm">
        <Absences matrix={props.matrix} editable={props.editable} onEdit={props.onEdit} />
      </Tabs.Panel>
    </Tabs>
  );
}
