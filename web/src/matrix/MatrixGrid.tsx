/**
 * The editable grid: activities down, parties across, each cell the RACI letters that party
 * holds. WAI-ARIA grid with one tab stop (roving tabindex): arrows, Home/End, Page Up/Down move;
 * R, A, C or I toggles that role; Enter or Space opens a menu of the four; Delete clears the
 * cell. Only the rows in view are rendered, so 500 activities scroll as smoothly as 5.
 */
import { Text } from '@mantine/core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Activity, Finding, Matrix, Party } from '../../../src/matrix/schema.ts';
import { roleForKey, rolesOf, toggleRole, type RaciRole } from './cell-roles.ts';
import { CELL_W, GridRow, NAME_W, ROW_H, type RowEvents } from './GridRow.tsx';
import { partyDetail } from './party-labels.ts';
import { moveFocus, scrollToShow, visibleRange, type Position } from './grid-keys.ts';

const HEAD_H = 72;
const VIEW_H = 560;
const geometry = { rowHeight: ROW_H, headHeight: HEAD_H, nameWidth: NAME_W, cellWidth: CELL_W };

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
    const view = { scrollTop: el.scrollTop, scrollLeft: el.scrollLeft, width: el.clientWidth, height: el.clientHeight };
    const to = scrollToShow(next, view, geometry);
    el.scrollTop = to.top;
    el.scrollLeft = to.left;
    // Render the rows around the new position in this same update: waiting for the scroll event
    // would leave the target row undrawn when focus moves, and focus would fall to the page.
    setScrollTop(el.scrollTop);
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
    const cell = scroller.current?.querySelector<HTMLElement>(`[data-pos="${at.row}:${at.col}"]`);
    // Not drawn yet (the scroll has not landed): try again after the next render.
    if (!cell) return;
    wantFocus.current = false;
    cell.focus({ preventScroll: true });
  });

  const toggle = (activity: string, party: string, role: RaciRole) => onEdit(toggleRole(matrix, activity, party, role));

  const keyDown = (event: KeyboardEvent<HTMLDivElement>, activity: Activity, party: Party) => {
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

  // The rows get one stable object whose methods call the latest handlers (updated every render).
  const latest = useRef({ keyDown, goTo, toggle });
  latest.current = { keyDown, goTo, toggle };
  const events = useMemo<RowEvents>(
    () => ({
      keyDown: (e, activity, party) => latest.current.keyDown(e, activity, party),
      focusCell: (row, col) => latest.current.goTo({ row, col }),
      openMenu: () => setMenuOpen(true),
      setMenuOpen,
      toggle: (activity, party, role) => latest.current.toggle(activity, party, role),
    }),
    [],
  );

  const { first, last } = visibleRange(scrollTop, VIEW_H, ROW_H, activities.length);
  const width = NAME_W + CELL_W * parties.length;

  return (
    <div
      ref={scroller}
      role="grid"
      aria-label="Responsibility matrix"
      aria-rowcount={activities.length + 1}
      aria-colcount={parties.length + 1}
      aria-readonly={!editable}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      style={{ height: VIEW_H, overflow: 'auto', border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
    >
      <div
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
        <div
          role="columnheader"
          style={{ width: NAME_W, flex: 'none', padding: 8, position: 'sticky', left: 0, background: 'inherit' }}
        >
          <Text fw={600} size="sm">
            Activity
          </Text>
        </div>
        {parties.map((p) => (
          <div
            key={p.id}
            role="columnheader"
            title={`${p.name} (${partyDetail(p)})`}
            style={{ width: CELL_W, flex: 'none', padding: 4, overflow: 'hidden' }}
          >
            <Text size="xs" fw={600} lineClamp={2}>
              {p.name}
            </Text>
            {/* Side and coverage in words, for keyboard and screen-reader users as well as the mouse. */}
            <Text size="xs" c="dimmed" lineClamp={2}>
              {partyDetail(p)}
            </Text>
          </div>
        ))}
      </div>
      <div style={{ height: first * ROW_H }} />
      {activities.slice(first, last + 1).map((activity, i) => {
        const r = first + i;
        return (
          <GridRow
            key={activity.id}
            activity={activity}
            assignment={rows.get(activity.id)}
            parties={parties}
            index={r}
            focusedCol={r === at.row ? at.col : -1}
            menuOpen={r === at.row && menuOpen}
            flagged={flagged}
            editable={editable}
            events={events}
          />
        );
      })}
      <div style={{ height: Math.max(0, activities.length - last - 1) * ROW_H }} />
    </div>
  );
}
