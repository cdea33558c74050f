import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { dnsRecordTypes, type DnsRecordType, type ProbeKind } from '../../../src/monitor/schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { checksKey, monitorApi } from './monitor-api.ts';

const kinds: { value: ProbeKind; label: string }[] = [
  { value: 'http', label: 'Website or API (HTTP/HTTPS)' },
  { value: 'tcp', label: 'TCP port' },
  { value: 'tls', label: 'TLS certificate expiry' },
  { value: 'dns', label: 'DNS record' },
  { value: 'push', label: 'Push (a backup job or cron entry calls Tandem)' },
  { value: 'agent', label: 'Endpoint agent heartbeat (disk, CPU, protection; docs/monitoring.md)' },
];

interface DnsFields {
  name: string;
  recordType: DnsRecordType;
  expected: string;
  server: string;
}

function probeFrom(
  kind: ProbeKind,
  url: string,
  slowMs: number | string,
  host: string,
  port: number | string,
  dns: DnsFields,
) {
  if (kind === 'http') return { kind, url, ...(slowMs === '' ? {} : { slowLatencyMs: Number(slowMs) }) };
  if (kind === 'push' || kind === 'agent') return { kind };
  if (kind === 'dns')
    return {
      kind,
      name: dns.name,
      recordType: dns.recordType,
      ...(dns.expected.trim() ? { expected: dns.expected } : {}),
      ...(dns.server.trim() ? { server: dns.server.trim() } : {}),
    };
  return { kind, host, port: Number(port) };
}

/** Creates a check: what to probe, how often, and whose duty its incidents are. */
export function CheckDialog({
  practiceId,
  mayAllowPrivate,
  onClose,
}: {
  practiceId: string;
  /** Administrators may point checks at their own network. */
  mayAllowPrivate: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ProbeKind>('http');
  const [url, setUrl] = useState('');
  const [slowMs, setSlowMs] = useState<number | string>('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState<number | string>(443);
  const [dns, setDns] = useState<DnsFields>({ name: '', recordType: 'A', expected: '', server: '' });
  const dnsField = (key: keyof DnsFields) => (value: string) => setDns((d) => ({ ...d, [key]: value }));
  const [intervalSeconds, setIntervalSeconds] = useState<number | string>(60);
  const [failureThreshold, setFailureThreshold] = useState<number | string>(2);
  const [activity, setActivity] = useState('wifi');
  const [allowPrivate, setAllowPrivate] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      monitorApi.create(practiceId, {
        name,
        probe: probeFrom(kind, url, slowMs, host, port, dns),
        intervalSeconds: Number(intervalSeconds),
        failureThreshold: Number(failureThreshold),
        activity,
        allowPrivateTargets: allowPrivate,
      }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: checksKey(practiceId) });
      if (!created.pushUrl) onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const fields = fieldErrorsOf(save.error);
  const pushUrl = save.data?.pushUrl;

  return (
    <Modal opened onClose={onClose} title={pushUrl ? `${kind === 'agent' ? 'Agent' : 'Push'} check created` : 'Add a check'} size="lg">
      {pushUrl ? (
        <Stack>
          <Alert color="yellow" title="Copy the push URL now">
            Have the job call this URL (GET or POST) each time it runs. Tandem keeps only a hash of it.
          </Alert>
          <CopyField value={pushUrl} label="Push URL" testId="new-push-url" />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert
              error={save.error}
              fields={['name', 'probe', 'intervalSeconds', 'failureThreshold', 'activity']}
            />
            <TextInput
              label="Name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fields.name}
              data-autofocus
            />
            <Select
              label="Kind"
              data={kinds}
              value={kind}
              allowDeselect={false}
              onChange={(v) => v && setKind(v as ProbeKind)}
            />
            {kind === 'http' && (
              <TextInput
                label="URL"
                placeholder="https://portal.example.com/health"
                required
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                error={fields['probe.url'] ?? fields.probe}
              />
            )}
            {kind === 'http' && (
              <NumberInput
                label="Degraded when slower than (ms)"
                description="Optional: answers slower than this show the check as degraded, without an incident."
                min={1}
                max={60000}
                value={slowMs}
                onChange={setSlowMs}
                error={fields['probe.slowLatencyMs']}
              />
            )}
            {(kind === 'tcp' || kind === 'tls') && (
              <Group grow>
                <TextInput
                  label="Host"
                  required
                  value={host}
                  onChange={(e) => setHost(e.currentTarget.value)}
                  error={fields['probe.host'] ?? fields.probe}
                />
                <NumberInput
                  label="Port"
                  min={1}
                  max={65535}
                  value={port}
                  onChange={setPort}
                  error={fields['probe.port']}
                />
              </Group>
            )}
            {kind === 'dns' && (
              <>
                <Group grow>
                  <TextInput
                    label="Name to look up"
                    placeholder="ehr.clinic.example"
                    required
                    value={dns.name}
                    onChange={(e) => dnsField('name')(e.currentTarget.value)}
                    error={fields['probe.name'] ?? fields.probe}
                  />
                  <Select
                    label="Record type"
                    data={[...dnsRecordTypes]}
                    value={dns.recordType}
                    allowDeselect={false}
                    onChange={(v) => v && dnsField('recordType')(v)}
                  />
                </Group>
                <Group grow>
                  <TextInput
                    label="Expected value"
                    description="An address or name the answer must include; any answer when empty."
                    value={dns.expected}
                    onChange={(e) => dnsField('expected')(e.currentTarget.value)}
                    error={fields['probe.expected']}
                  />
                  <TextInput
                    label="DNS server"
                    description="The resolver's IP address, e.g. your domain controller; this server's own when empty."
                    value={dns.server}
                    onChange={(e) => dnsField('server')(e.currentTarget.value)}
                    error={fields['probe.server']}
                  />
                </Group>
              </>
            )}
            <Group grow>
              <NumberInput
                label={kind === 'push' || kind === 'agent' ? 'Expected every (seconds)' : 'Every (seconds)'}
                min={10}
                value={intervalSeconds}
                onChange={setIntervalSeconds}
                error={fields.intervalSeconds}
              />
              <NumberInput
                label="Failures before down"
                min={1}
                max={20}
                value={failureThreshold}
                onChange={setFailureThreshold}
                error={fields.failureThreshold}
              />
            </Group>
            <TextInput
              label="Matrix activity"
              description="Whoever the agreed matrix puts on duty for this activity gets the incident."
              value={activity}
              onChange={(e) => setActivity(e.currentTarget.value)}
              error={fields.activity}
            />
            {mayAllowPrivate && (
              <Switch
                label="Allow private targets"
                description="For a server on your own network: allows private and loopback addresses."
                checked={allowPrivate}
                onChange={(e) => setAllowPrivate(e.currentTarget.checked)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Add check
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
