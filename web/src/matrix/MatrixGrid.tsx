/**
 * The editable grid: activities down, parties across, each cell the RACI letters that party
 * holds. WAI-ARIA grid with one tab stop (roving tabindex): arrows, Home/End, Page Up/Down move;
 * R, A, C or I toggles that role; Enter or Space opens a menu of the four; Delete clears the
 * cell. Only the rows in view are rendered, so 500 activities scroll as smoothly as 5.
 */
import { Badge, Box, Group, Menu, Text } from '@mantine/core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Activity, Finding, Matrix, Party } from '../../../src/matrix/schema.ts';
import {
  lettersOf,
  RACI,
  RACI_LABEL,
  RACI_LETTER,
  roleForKey,
  rolesOf,
  toggleRole,
  type RaciRole,
} from './cell-roles.ts';
import { moveFocus, visibleRange, type Position } from './grid-keys.ts';

const ROW_H = 40;
const HEAD_H = 72;
const NAME_W = 300;
const CELL_W = 84;
const VIEW_H = 560;

export interface FocusRequest {
  activity: string;
  party: string | null;
  /** Changes on every request, so asking twice for the same cell still moves there. */
  nonce: number;
}

interface Props {
  matrix: Matrix;
  activities: Activity[];
  findings: Finding[];
  editable: boolean;
  onEdit: (next: Matrix) => void;
  focusRequest: FocusRequest | null;
}

function severityByCell(findings: Finding[]): Map<string, 'error' | 'warning'> {
  const map = new Map<string, 'error' | 'warning'>();
  for (const f of findings)
    for (const c of f.cells) {
      const key = `${c.activity}|${c.party ?? ''}`;
      if (map.get(key) !== 'error') map.set(key, f.severity);
    }
  return map;
}

const SEVERITY_COLOR = { error: 'var(--mantine-color-red-6)', warning: 'var(--mantine-color-orange-5)' };

export function MatrixGrid({ matrix, activities, findings, editable, onEdit, focusRequest }: Props) {
  const parties = matrix.parties;
  const rows = useMemo(() => new Map(matrix.assignments.map((a) => [a.activity, a])), [matrix.assignments]);
  const flagged = useMemo(() => severityByCell(findings), [findings]);
  const [pos, setPos] = useState<Position>({ row: 0, col: 0 });
  const [menuOpen, setMenuOpen] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const at = {
    row: Math.min(pos.row, Math.max(0, activities.length - 1)),
    col: Math.min(pos.col, Math.max(0, parties.length - 1)),
  };

  const goTo = (next: Position) => {
    wantFocus.current = true;
    setPos(next);
    const el = scroller.current;
    if (!el) return;
    const top = next.row * ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + VIEW_H - HEAD_H) el.scrollTop = top + ROW_H - (VIEW_H - HEAD_H);
  };

  useEffect(() => {
    if (!focusRequest) return;
    const row = activities.findIndex((a) => a.id === focusRequest.activity);
    if (row < 0) return;
    const col = focusRequest.party
      ? Math.max(
          0,
          parties.findIndex((p) => p.id === focusRequest.party),
        )
      : 0;
    goTo({ row, col });
    // Only a new request moves focus; the lists it reads change on every edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

  useLayoutEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-pos="${at.row}:${at.col}"]`)?.focus();
  });

  const toggle = (activity: string, party: string, role: RaciRole) => onEdit(toggleRole(matrix, activity, party, role));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, activity: Activity, party: Party) => {
    if (menuOpen) return;
    const next = moveFocus(at, event.key, event.ctrlKey || event.metaKey, {
      rows: activities.length,
      cols: parties.length,
      page: Math.floor((VIEW_H - HEAD_H) / ROW_H),
    });
    if (next) {
      event.preventDefault();
      goTo(next);
      return;
    }
    if (!editable || event.ctrlKey || event.metaKey || event.altKey) return;
    const role = roleForKey(event.key);
    if (role) {
      event.preventDefault();
      toggle(activity.id, party.id, role);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setMenuOpen(true);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      let next = matrix;
      for (const r of rolesOf(rows.get(activity.id), party.id)) next = toggleRole(next, activity.id, party.id, r);
      onEdit(next);
    }
  };

  const { first, last } = visibleRange(scrollTop, VIEW_H, ROW_H, activities.length);
  const width = NAME_W + CELL_W * parties.length;

  const cell = (activity: Activity, party: Party, r: number, c: number) => {
    const row = rows.get(activity.id);
    const letters = lettersOf(row, party.id);
    const roles = rolesOf(row, party.id).map((x) => RACI_LABEL[x]);
    const focused = r === at.row && c === at.col;
    const severity = flagged.get(`${activity.id}|${party.id}`);
    const body = (
      <Box
        role="gridcell"
        aria-colindex={c + 2}
        aria-label={`${activity.name}, ${party.name}: ${roles.length ? roles.join(', ') : 'none'}`}
        aria-readonly={!editable}
        aria-invalid={severity === 'error' || undefined}
        data-pos={`${r}:${c}`}
        tabIndex={focused ? 0 : -1}
        onKeyDown={(e) => onKeyDown(e, activity, party)}
        onClick={() => goTo({ row: r, col: c })}
        onDoubleClick={() => editable && setMenuOpen(true)}
        style={{
          width: CELL_W,
          height: ROW_H,
          flex: 'none',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontWeight: 600,
          cursor: 'default',
          borderLeft: '1px solid var(--mantine-color-gray-3)',
          outline: severity ? `2px solid ${SEVERITY_COLOR[severity]}` : undefined,
          outlineOffset: -3,
          background: focused ? 'var(--mantine-color-blue-0)' : undefined,
        }}
      >
        {letters}
      </Box>
    );
    if (!focused || !editable) return <Box key={party.id}>{body}</Box>;
    return (
      <Menu key={party.id} opened={menuOpen} onChange={setMenuOpen} closeOnItemClick={false} returnFocus withinPortal>
        <Menu.Target>{body}</Menu.Target>
        <Menu.Dropdown aria-label={`Roles of ${party.name} for ${activity.name}`}>
          {RACI.map((role) => (
            <Menu.Item
              key={role}
              leftSection={<Text fw={700}>{rolesOf(row, party.id).includes(role) ? '✓' : ' '}</Text>}
              rightSection={<Text c="dimmed">{RACI_LETTER[role]}</Text>}
              onClick={() => toggle(activity.id, party.id, role)}
            >
              {RACI_LABEL[role]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    );
  };

  return (
    <Box
      ref={scroller}
      role="grid"
      aria-label="Responsibility matrix"
      aria-rowcount={activities.length + 1}
      aria-colcount={parties.length + 1}
      aria-readonly={!editable}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      style={{ height: VIEW_H, overflow: 'auto', border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
    >
      <Box
        role="row"
        aria-rowindex={1}
        style={{
          display: 'flex',
          position: 'sticky',
          top: 0,
          zIndex: 2,
          width,
          height: HEAD_H,
          background: 'var(--mantine-color-gray-0)',
          borderBottom: '1px solid var(--mantine-color-gray-4)',
        }}
      >
        <Box
          role="columnheader"
          style={{ width: NAME_W, flex: 'none', padding: 8, position: 'sticky', left: 0, background: 'inherit' }}
        >
          <Text fw={600} size="sm">
            Activity
          </Text>
        </Box>
        {parties.map((p) => (
          <Box
            key={p.id}
            role="columnheader"
            title={`${p.name} (${p.side}, ${p.coverage})`}
            style={{ width: CELL_W, flex: 'none', padding: 4, overflow: 'hidden' }}
          >
            <Text size="xs" fw={600} lineClamp={3}>
              {p.name}
            </Text>
          </Box>
        ))}
      </Box>
      <Box style={{ height: first * ROW_H }} />
      {activities.slice(first, last + 1).map((activity, i) => {
        const r = first + i;
        const rowSeverity = flagged.get(`${activity.id}|`);
        return (
          <Box
            key={activity.id}
            role="row"
            aria-rowindex={r + 2}
            style={{ display: 'flex', width, height: ROW_H, borderBottom: '1px solid var(--mantine-color-gray-2)' }}
          >
            <Box
              role="rowheader"
              aria-colindex={1}
              style={{
                width: NAME_W,
                flex: 'none',
                padding: '0 8px',
                position: 'sticky',
                left: 0,
                zIndex: 1,
                background: 'var(--mantine-color-body)',
                borderLeft: rowSeverity ? `4px solid ${SEVERITY_COLOR[rowSeverity]}` : undefined,
              }}
            >
              <Group gap={6} wrap="nowrap" h="100%">
                <Text size="sm" truncate="end" title={activity.name} style={{ flex: 1 }}>
                  {activity.name}
                </Text>
                {activity.coverage === '24x7' && (
                  <Badge size="xs" color="grape" variant="light">
                    24x7
                  </Badge>
                )}
                <Badge size="xs" color="gray" variant="outline">
                  {activity.sla}
                </Badge>
              </Group>
            </Box>
            {parties.map((p, c) => cell(activity, p, r, c))}
          </Box>
        );
      })}
      <Box style={{ height: Math.max(0, activities.length - last - 1) * ROW_H }} />
    </Box>
  );
}
