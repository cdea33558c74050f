/** Pick two versions and open their diff. */
import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { VersionSummary } from './matrix-api.ts';

export function CompareVersions({ versions }: { versions: VersionSummary[] }) {
  const navigate = useNavigate();
  const options = versions.map((v) => ({ value: String(v.number), label: `Version ${v.number} (${v.status})` }));
  // Until the person picks, the newest version against the one before it (the list may still be growing).
  const [pickedFrom, setFrom] = useState<string | null>(null);
  const [pickedTo, setTo] = useState<string | null>(null);
  const from = pickedFrom ?? options[1]?.value ?? null;
  const to = pickedTo ?? options[0]?.value ?? null;
  if (versions.length < 2) return null;
  return (
    <Group align="end" component="section" aria-label="Compare versions">
      <Select label="Compare version" data={options} value={from} onChange={setFrom} w={220} />
      <Select label="with version" data={options} value={to} onChange={setTo} w={220} />
      <Button
        variant="default"
        disabled={!from || !to || from === to}
        onClick={() => void navigate(`/responsibilities/diff?from=${from}&to=${to}`)}
      >
        Show changes
      </Button>
    </Group>
  );
}
