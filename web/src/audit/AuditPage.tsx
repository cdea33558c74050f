import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { usePractice } from '../practice/current-practice.ts';
import { membersApi, membersKey } from '../practice/members-api.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { auditCsvUrl, auditKey, fetchAuditPage, type AuditEntry } from './audit-api.ts';
import { filtersFromParams, filtersToParams, type AuditFilters } from './audit-filters.ts';
import { AuditEntryDialog } from './AuditEntryDialog.tsx';
import { AuditFiltersForm, type ActorOption } from './AuditFiltersForm.tsx';
import { AuditTable } from './AuditTable.tsx';

/** People of the practice, plus anyone else who appears in the entries loaded so far. */
function actorOptions(
  members: { id: string; displayName: string; email: string }[],
  entries: AuditEntry[],
): ActorOption[] {
  const byId = new Map<string, string>();
  for (const m of members) byId.set(m.id, `${m.displayName} (${m.email})`);
  for (const e of entries) if (e.actorId && !byId.has(e.actorId)) byId.set(e.actorId, e.actorLabel ?? e.actorId);
  return [...byId].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * /practice/audit: the practice's audit log, newest first, a page at a time, with filters in
 * the address bar and the same filters as a CSV download.
 */
export function AuditPage() {
  const practice = usePractice();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const audit = useInfiniteQuery({
    queryKey: auditKey(practice.practiceId, filters),
    queryFn: ({ pageParam }) => fetchAuditPage(practice.practiceId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const members = useQuery({
    queryKey: membersKey(practice.practiceId),
    queryFn: () => membersApi.list(practice.practiceId),
    retry: false,
  });
  const entries = useMemo(() => audit.data?.pages.flatMap((p) => p.entries) ?? [], [audit.data]);
  const actors = useMemo(() => actorOptions(members.data ?? [], entries), [members.data, entries]);
  const apply = (next: AuditFilters) => setParams(filtersToParams(next));

  return (
    <Stack>
      <PageTitle
        title="Audit log"
        description={`Security-relevant events recorded in ${practice.practiceName}: invitations, changes to people, roles, accounts and tokens, and every read of patient data.`}
      />
      <AuditFiltersForm
        key={params.toString()}
        applied={filters}
        actors={actors}
        onApply={apply}
        fieldErrors={fieldErrorsOf(audit.error)}
        extra={
          <Button component="a" href={auditCsvUrl(practice.practiceId, filters)} download variant="light">
            Export CSV
          </Button>
        }
      />
      <ErrorAlert error={audit.error} fields={['actorId', 'action', 'from', 'to']} />
      {audit.isPending && <Loader aria-label="Loading the audit log" />}
      {audit.isSuccess && entries.length === 0 && <Text c="dimmed">No entries match these filters.</Text>}
      {entries.length > 0 && <AuditTable entries={entries} onOpen={setOpen} />}
      {audit.isSuccess && (
        <Center>
          {audit.hasNextPage ? (
            <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
              Load more
            </Button>
          ) : (
            entries.length > 0 && (
              <Text size="sm" c="dimmed">
                {entries.length} entr{entries.length === 1 ? 'y' : 'ies'}; that is all.
              </Text>
            )
          )}
        </Center>
      )}
      <AuditEntryDialog entry={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
