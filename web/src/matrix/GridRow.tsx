/**
 * One row of the grid: the activity's header cell and one cell per party. Memoised and drawn
 * with plain elements and shared style objects, because a scroll renders a screenful of these
 * (about 25 rows x 30 parties) and a key press should re-render only the rows it touched.
 */
import { Badge, Menu, Text } from '@mantine/core';
import { memo, type CSSProperties, type KeyboardEvent } from 'react';
import type { Activity, Assignment, Party } from '../../../src/matrix/schema.ts';
import { RACI, RACI_LABEL, RACI_LETTER, rolesOf, type RaciRole } from './cell-roles.ts';

export const ROW_H = 40;
export const NAME_W = 300;
export const CELL_W = 84;

export const SEVERITY_COLOR = { error: 'var(--mantine-color-red-6)', warning: 'var(--mantine-color-orange-5)' };

/** Stable callbacks from the grid (held in a ref there), so rows need not re-render when they change. */
export interface RowEvents {
  keyDown: (event: KeyboardEvent<HTMLDivElement>, activity: Activity, party: Party) => void;
  focusCell: (row: number, col: number) => void;
  openMenu: () => void;
  setMenuOpen: (open: boolean) => void;
  toggle: (activity: string, party: string, role: RaciRole) => void;
}

interface Props {
  activity: Activity;
  assignment: Assignment | undefined;
  parties: Party[];
  index: number;
  /** The focused column when the focus is in this row, else -1. */
  focusedCol: number;
  menuOpen: boolean;
  flagged: ReadonlyMap<string, 'error' | 'warning'>;
  editable: boolean;
  events: RowEvents;
}

const rowStyle = (width: number): CSSProperties => ({
  display: 'flex',
  width,
  height: ROW_H,
  borderBottom: '1px solid var(--mantine-color-gray-2)',
});
const headerStyle: CSSProperties = {
  width: NAME_W,
  flex: 'none',
  padding: '0 8px',
  position: 'sticky',
  left: 0,
  zIndex: 1,
  display: 'flex',
  alignItems: 'center',
  gap: 6,
  background: 'var(--mantine-color-body)',
};
const nameStyle: CSSProperties = {
  flex: 1,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  fontSize: 14,
};
const cellStyle: CSSProperties = {
  width: CELL_W,
  height: ROW_H,
  flex: 'none',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  fontWeight: 600,
  cursor: 'default',
  borderLeft: '1px solid var(--mantine-color-gray-3)',
  outlineOffset: -3,
  position: 'relative',
};
/** Read by screen readers, not drawn (the usual visually-hidden pattern). */
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};
const focusedCellStyle: CSSProperties = { ...cellStyle, background: 'var(--mantine-color-blue-0)' };

function styleOf(focused: boolean, severity: 'error' | 'warning' | undefined): CSSProperties {
  const base = focused ? focusedCellStyle : cellStyle;
  return severity ? { ...base, outline: `2px solid ${SEVERITY_COLOR[severity]}` } : base;
}

export const GridRow = memo(function GridRow(props: Props) {
  const { activity, assignment, parties, index, focusedCol, menuOpen, flagged, editable, events } = props;
  const rowSeverity = flagged.get(`${activity.id}|`);
  return (
    <div role="row" aria-rowindex={index + 2} style={rowStyle(NAME_W + CELL_W * parties.length)}>
      <div
        role="rowheader"
        aria-colindex={1}
        style={rowSeverity ? { ...headerStyle, borderLeft: `4px solid ${SEVERITY_COLOR[rowSeverity]}` } : headerStyle}
      >
        <span style={nameStyle} title={activity.name}>
          {activity.name}
        </span>
        {activity.coverage === '24x7' && (
          <Badge size="xs" color="grape" variant="light">
            24x7
          </Badge>
        )}
        <Badge size="xs" color="gray" variant="outline">
          {activity.sla}
        </Badge>
      </div>
      {parties.map((party, c) => {
        const roles = rolesOf(assignment, party.id);
        const focused = c === focusedCol;
        const cell = (
          <div
            key={party.id}
            role="gridcell"
            aria-colindex={c + 2}
            aria-readonly={!editable}
            data-pos={`${index}:${c}`}
            tabIndex={focused ? 0 : -1}
            onKeyDown={(e) => events.keyDown(e, activity, party)}
            onClick={() => events.focusCell(index, c)}
            onDoubleClick={() => editable && events.openMenu()}
            style={styleOf(focused, flagged.get(`${activity.id}|${party.id}`))}
          >
            {/* Named by its content: the letters for the eye, the words for a screen reader (an
                aria-label that does not contain the visible letters fails WCAG 2.5.3). */}
            <span aria-hidden>{roles.map((r) => RACI_LETTER[r]).join('·')}</span>
            <span style={visuallyHidden}>
              {`${activity.name}, ${party.name}: ${roles.length ? roles.map((r) => RACI_LABEL[r]).join(', ') : 'none'}`}
            </span>
          </div>
        );
        if (!focused || !editable) return cell;
        return (
          <Menu
            key={party.id}
            opened={menuOpen}
            onChange={events.setMenuOpen}
            closeOnItemClick={false}
            returnFocus
            withinPortal
          >
            <Menu.Target>{cell}</Menu.Target>
            <Menu.Dropdown aria-label={`Roles of ${party.name} for ${activity.name}`}>
              {RACI.map((role) => (
                <Menu.Item
                  key={role}
                  leftSection={<Text fw={700}>{roles.includes(role) ? '✓' : ' '}</Text>}
                  rightSection={<Text c="dimmed">{RACI_LETTER[role]}</Text>}
                  onClick={() => events.toggle(activity.id, party.id, role)}
                >
                  {RACI_LABEL[role]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        );
      })}
    </div>
  );
});
