/**
 * A list of devices as CSV (a risk view's export): one column per fact, headed by the field names
 * the import reads, so an export edited in a spreadsheet imports again. Cells are formula-safe.
 */
import { csvCell } from '../core/csv.ts';
import { riskLabels, deviceFields, type Device } from './schema.ts';

const columns = [...deviceFields, 'osSupportEnds', 'risks', 'id'] as const;

function cellOf(device: Device, column: (typeof columns)[number]): string {
  if (column === 'risks') return device.risks.map((r) => riskLabels[r]).join('; ');
  const value = device[column];
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function devicesCsv(devices: readonly Device[]): string {
  const lines = [columns.join(','), ...devices.map((d) => columns.map((c) => csvCell(cellOf(d, c))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
