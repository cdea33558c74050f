/**
 * A device CSV read into facts, row by row (pure). Headers are matched after folding case and
 * dropping everything but letters and digits ("Serial Number", "serial_number" and "SerialNumber"
 * are one header), against each field's own name and the names common RMM and inventory exports
 * use (`headerAliases`). Cells are read leniently where exports differ (dates as 2026-03-01 or
 * 3/1/2026, yes/no as true/false, enabled/disabled, 1/0) and strictly otherwise; every cell that
 * cannot be read is an error naming its column and line. An empty cell says nothing: an import
 * never erases a fact (clear it by hand).
 */
import { CellError, csvNoWords, csvYesWords, fold, readCsvColumns, type CsvProblem } from '../core/csv.ts';
import { echoValue } from '../core/display-text.ts';
import {
  deviceFieldSchemas,
  deviceKinds,
  type DeviceField,
  type DeviceInput,
  type DeviceKind,
  type TriState,
} from './schema.ts';

export const maxImportRows = 20_000;

/** Per field, the headers that feed it (folded), beyond the field's own name. */
export const headerAliases: Record<DeviceField, string[]> = {
  kind: ['type', 'devicetype', 'deviceclass', 'nodeclass', 'category', 'assettype', 'devicekind'],
  name: ['devicename', 'hostname', 'computername', 'displayname', 'systemname', 'machinename', 'assetname', 'device'],
  site: ['sitename', 'location', 'office', 'clinic'],
  room: ['roomname', 'area'],
  owner: ['user', 'assigneduser', 'assignedto', 'primaryuser', 'lastloggedinuser', 'lastuser', 'department'],
  activity: ['supportedby', 'matrixactivity', 'supportactivity'],
  vendor: ['manufacturer', 'make', 'systemmanufacturer', 'brand'],
  model: ['systemmodel', 'modelname', 'product'],
  serial: ['serialnumber', 'serialno', 'servicetag', 'sn', 'biosserialnumber'],
  purchaseDate: ['purchased', 'purchasedon', 'acquired', 'acquisitiondate'],
  warrantyEnd: [
    'warranty',
    'warrantyexpiration',
    'warrantyexpires',
    'warrantyexpiry',
    'warrantyenddate',
    'warrantyuntil',
  ],
  endOfLife: ['eol', 'eoldate', 'endoflifedate', 'retirementdate'],
  os: ['operatingsystem', 'osname', 'ostype'],
  osVersion: ['osbuild', 'version', 'patchlevel', 'buildnumber', 'osrelease', 'osversionbuild'],
  diskEncryption: ['encryption', 'encrypted', 'bitlocker', 'bitlockerstatus', 'filevault', 'encryptionstatus'],
  endpointProtection: ['antivirus', 'av', 'edr', 'antivirusstatus', 'avstatus', 'securityagent', 'endpointsecurity'],
  lastSeenAt: ['lastseen', 'lastcontact', 'lastcheckin', 'lastonline', 'lastresponse', 'lastseendate'],
  storesPatientData: ['patientdata', 'phi', 'ephi', 'storesphi', 'holdspatientdata'],
};

const headerField = new Map<string, DeviceField>(
  (Object.entries(headerAliases) as [DeviceField, string[]][]).flatMap(([field, aliases]) =>
    [fold(field), ...aliases].map((alias) => [alias, field] as const),
  ),
);

const kindWords = new Map<string, DeviceKind>([
  ...deviceKinds.map((k) => [fold(k), k] as const),
  ...(
    [
      ['desktop', 'workstation'],
      ['pc', 'workstation'],
      ['computer', 'workstation'],
      ['notebook', 'laptop'],
      ['virtualmachine', 'server'],
      ['vm', 'server'],
      ['router', 'network'],
      ['switch', 'network'],
      ['firewall', 'network'],
      ['accesspoint', 'network'],
      ['networkdevice', 'network'],
      ['ipad', 'tablet'],
      ['wristbandprinter', 'label_printer'],
      ['labelwristbandprinter', 'label_printer'],
      ['faxmachine', 'fax'],
      ['signaturetablet', 'signature_pad'],
      ['dentalimagingsensor', 'dental_sensor'],
      ['intraoralsensor', 'dental_sensor'],
      ['xraysensor', 'dental_sensor'],
      ['eprescribingtoken', 'eprescribing_token'],
      ['epcstoken', 'eprescribing_token'],
      ['printer', 'other'],
    ] as const
  ).map(([word, kind]) => [word, kind] as const),
]);

/** Beyond the usual yes and no, what inventory exports write in a protection or encryption column. */
const yesWords = new Set([...csvYesWords, 'encrypted', 'protected', 'installed', 'active']);
const noWords = new Set([...csvNoWords, 'notencrypted', 'unencrypted', 'none', 'notinstalled', 'missing']);

type Reader = (cell: string) => unknown;

function triState(cell: string): TriState {
  const w = fold(cell);
  if (yesWords.has(w)) return 'yes';
  if (noWords.has(w)) return 'no';
  if (w === 'unknown') return 'unknown';
  throw new CellError(`must be yes, no or unknown, not ${echoValue(cell)}`);
}

function yesNo(cell: string): boolean {
  const value = triState(cell);
  if (value === 'unknown') throw new CellError('must be yes or no');
  return value === 'yes';
}

const usDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/;
const isoDay = /^(\d{4})-(\d{2})-(\d{2})/;

/** A calendar day from 2026-03-01 (or an ISO time) or 3/1/2026 (US exports), checked to exist. */
function day(cell: string): string {
  const iso = isoDay.exec(cell);
  const us = usDate.exec(cell);
  const [y, m, d] = iso
    ? [iso[1], iso[2], iso[3]]
    : us
      ? [us[3], us[1]!.padStart(2, '0'), us[2]!.padStart(2, '0')]
      : [];
  const text = `${y}-${m}-${d}`;
  if (
    !y ||
    Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ||
    new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text
  )
    throw new CellError(`must be a date such as 2026-03-01 or 3/1/2026, not ${echoValue(cell)}`);
  return text;
}

const fullInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** A time: ISO with or without a zone (none means UTC), "2026-03-01 14:05", or a US date with an optional time. */
function instant(cell: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(cell);
  let iso = cell.replace(' ', 'T');
  if (us) {
    const ampm = us[7]?.toLowerCase();
    const h = Number(us[4] ?? 0);
    const hour = ampm === 'pm' && h < 12 ? h + 12 : ampm === 'am' && h === 12 ? 0 : h;
    const two = (n: number | string) => String(n).padStart(2, '0');
    iso = `${us[3]}-${two(us[1]!)}-${two(us[2]!)}T${two(hour)}:${us[5] ?? '00'}:${us[6] ?? '00'}`;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += 'T00:00:00';
  if (/T\d{2}:\d{2}$/.test(iso)) iso += ':00';
  if (/T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(iso)) iso += 'Z';
  if (!fullInstant.test(iso) || Number.isNaN(Date.parse(iso)))
    throw new CellError(`must be a time such as 2026-03-01T14:05:00Z or 3/1/2026 2:05 PM, not ${echoValue(cell)}`);
  return new Date(iso).toISOString();
}

function kind(cell: string): DeviceKind {
  const k = kindWords.get(fold(cell));
  if (!k)
    throw new CellError(`is not a device kind we know (${echoValue(cell)}); use one of ${deviceKinds.join(', ')}`);
  return k;
}

/** A text fact, checked by the API's own rule for it. */
const checked =
  (field: DeviceField): Reader =>
  (cell) => {
    const parsed = deviceFieldSchemas[field].safeParse(cell);
    if (!parsed.success) throw new CellError(parsed.error.issues[0]?.message ?? 'is not valid');
    return parsed.data;
  };

const readers: Record<DeviceField, Reader> = {
  kind,
  name: checked('name'),
  site: checked('site'),
  room: checked('room'),
  owner: checked('owner'),
  activity: (cell) => checked('activity')(cell.toLowerCase()),
  vendor: checked('vendor'),
  model: checked('model'),
  serial: checked('serial'),
  purchaseDate: day,
  warrantyEnd: day,
  endOfLife: day,
  os: checked('os'),
  osVersion: checked('osVersion'),
  diskEncryption: triState,
  endpointProtection: triState,
  lastSeenAt: instant,
  storesPatientData: yesNo,
};

export interface ParsedRow {
  line: number;
  facts: Partial<DeviceInput>;
  errors: { column: string; message: string }[];
}

export interface ParsedCsv {
  /** Which header feeds each field. */
  columns: Partial<Record<DeviceField, string>>;
  ignoredColumns: string[];
  rows: ParsedRow[];
}

/** The whole file cannot be read (no header, no name or serial column, a header twice): a 400 naming why. */
export type CsvRefusal = CsvProblem;

export function readDeviceCsv(text: string): ParsedCsv | CsvRefusal {
  const read = readCsvColumns(text, {
    headerField,
    readers,
    maxRows: maxImportRows,
    missing: (fields) =>
      fields.has('name') || fields.has('serial')
        ? null
        : 'the header needs a name or serial column (e.g. "Name", "Hostname", "Serial Number")',
  });
  if ('message' in read) return read;
  const rows = read.rows.map((r) => ({ line: r.line, facts: r.cells as Partial<DeviceInput>, errors: r.errors }));
  return { columns: read.columns, ignoredColumns: read.ignoredColumns, rows };
}
