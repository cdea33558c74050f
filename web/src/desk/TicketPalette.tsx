import { Badge, Group, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { parseTicketReference, ticketReference } from '../../../src/desk/ticket-schema.ts';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { deskApi, type TicketSummary } from './desk-api.ts';

/** Ctrl+K (Cmd+K on a Mac) anywhere in the practice's pages, even while typing in a field. */
const isPaletteKey = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k';

/**
 * The ticket palette: Ctrl+K or Cmd+K opens it, a ticket number (T-12, 12) and Enter opens that
 * ticket; for those who work tickets, words search them (the queue's `q`), the arrow keys move
 * through the results and Enter opens the one chosen. A combobox with a listbox (ARIA 1.2), so a
 * screen reader hears the results and the active one.
 */
export function TicketPalette() {
  const practice = usePractice();
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (!can(practice, 'tickets.create')) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isPaletteKey(e)) return;
      e.preventDefault();
      setOpened(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [practice]);
  return (
    <Modal opened={opened} onClose={() => setOpened(false)} title="Go to a ticket" size="lg">
      {opened && <PaletteBody onDone={() => setOpened(false)} />}
    </Modal>
  );
}

function PaletteBody({ onDone }: { onDone: () => void }) {
  const practice = usePractice();
  const navigate = useNavigate();
  const works = can(practice, 'tickets.work');
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [query] = useDebouncedValue(text.trim(), 200);
  const listId = useId();
  const number = parseTicketReference(text);
  const results = useQuery({
    queryKey: ['practice', practice.practiceId, 'tickets', 'palette', query],
    queryFn: () => deskApi.search(practice.practiceId, query),
    enabled: works && query.length > 0 && parseTicketReference(query) === null,
  });
  const found: TicketSummary[] = number === null ? (results.data ?? []) : [];
  const [jumpError, setJumpError] = useState<unknown>(null);

  const open = (id: string) => {
    onDone();
    void navigate(`/practice/desk/tickets/${id}`);
  };
  const jump = async (n: number) => {
    try {
      open((await deskApi.byNumber(practice.practiceId, String(n))).id);
    } catch (err) {
      setJumpError(err);
    }
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (found.length === 0) return;
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (number !== null) void jump(number);
      else if (found[active]) open(found[active].id);
    }
  };
  const optionId = (i: number) => `${listId}-${i}`;
  const hint =
    number !== null
      ? `Press Enter to open ${ticketReference(number)}.`
      : works
        ? 'Type a ticket number (T-12) or words from its subject, replies or notes.'
        : 'Type a ticket number (T-12) and press Enter.';
  return (
    <Stack>
      <TextInput
        data-autofocus
        label="Ticket number or words"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setActive(0);
          setJumpError(null);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={found.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={found.length > 0 ? optionId(active) : undefined}
        description={hint}
      />
      <ErrorAlert error={jumpError ?? results.error} />
      <div role="listbox" id={listId} aria-label="Matching tickets">
        {found.map((t, i) => (
          <UnstyledButton
            key={t.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            tabIndex={-1}
            onClick={() => open(t.id)}
            onMouseEnter={() => setActive(i)}
            p="xs"
            w="100%"
            style={{ borderRadius: 4, background: i === active ? 'var(--mantine-color-blue-light)' : undefined }}
          >
            <Group gap="xs" wrap="nowrap">
              <Badge variant="outline">{ticketReference(t.number)}</Badge>
              <Text size="sm" truncate>
                {t.title ?? 'Patient details hidden'}
              </Text>
            </Group>
          </UnstyledButton>
        ))}
      </div>
      {works && query.length > 0 && number === null && results.isSuccess && found.length === 0 && (
        <Text size="sm" role="status">
          No ticket matches “{query}”. Patient-desk tickets are found by number only.
        </Text>
      )}
    </Stack>
  );
}
