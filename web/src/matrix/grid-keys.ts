/**
 * Keyboard movement in the grid, as the WAI-ARIA grid pattern describes it: arrows move one
 * cell, Home and End go to the row's first and last cell (with Ctrl, the grid's), Page Up and Page
 * Down move a page of rows. Pure: position in, position out (null when the key does not move).
 */
export interface Position {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
  /** Rows visible at once, for Page Up and Page Down. */
  page: number;
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(max, value));

export function moveFocus(at: Position, key: string, ctrl: boolean, size: GridSize): Position | null {
  if (size.rows === 0 || size.cols === 0) return null;
  const lastRow = size.rows - 1;
  const lastCol = size.cols - 1;
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(at.row - 1, lastRow), col: at.col };
    case 'ArrowDown':
      return { row: clamp(at.row + 1, lastRow), col: at.col };
    case 'ArrowLeft':
      return { row: at.row, col: clamp(at.col - 1, lastCol) };
    case 'ArrowRight':
      return { row: at.row, col: clamp(at.col + 1, lastCol) };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: at.row, col: 0 };
    case 'End':
      return ctrl ? { row: lastRow, col: lastCol } : { row: at.row, col: lastCol };
    case 'PageUp':
      return { row: clamp(at.row - size.page, lastRow), col: at.col };
    case 'PageDown':
      return { row: clamp(at.row + size.page, lastRow), col: at.col };
    default:
      return null;
  }
}

/** The first and last row to render for a scroll position: the visible ones plus a margin. */
export function visibleRange(scrollTop: number, height: number, rowHeight: number, rows: number, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows - 1, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last };
}
