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

export interface Viewport {
  scrollTop: number;
  scrollLeft: number;
  /** The scroller's inner size (clientWidth/clientHeight: without its scrollbars). */
  width: number;
  height: number;
}

export interface CellGeometry {
  rowHeight: number;
  /** The sticky column header row on top and row header column on the left cover the cells under them. */
  headHeight: number;
  nameWidth: number;
  cellWidth: number;
}

/**
 * Where to scroll so the cell at pos is wholly in view, not under the sticky headers: the least
 * movement from where the scroller is (unchanged when the cell is already in view).
 */
export function scrollToShow(pos: Position, view: Viewport, g: CellGeometry): { top: number; left: number } {
  const top = pos.row * g.rowHeight;
  const rowsHeight = view.height - g.headHeight;
  let scrollTop = view.scrollTop;
  if (top < scrollTop) scrollTop = top;
  else if (top + g.rowHeight > scrollTop + rowsHeight) scrollTop = top + g.rowHeight - rowsHeight;
  // Cells start after the row header column, and the sticky row header covers that much of the view.
  const left = g.nameWidth + pos.col * g.cellWidth;
  let scrollLeft = view.scrollLeft;
  if (left < scrollLeft + g.nameWidth) scrollLeft = left - g.nameWidth;
  else if (left + g.cellWidth > scrollLeft + view.width) scrollLeft = left + g.cellWidth - view.width;
  return { top: Math.max(0, scrollTop), left: Math.max(0, scrollLeft) };
}
