/**
 * A checks CSV read into cells, row by row (pure), as the device import reads devices
 * (assets/csv-rows.ts): headers matched after folding case and punctuation, against each column's
 * own name and the names monitoring tools' exports use; numbers, yes/no and durations read
 * leniently, every cell that cannot be read an error naming its column and line. Whether a row
 * makes a valid check is decided by the API's own check schema (check-import.ts), not here.
 */
import {
  csvNoWords as noWords,
  csvYesWords as yesWords,
  CellError,
  fold,
  readCsvColumns,
  type CsvProblem,
} from '../core/csv.ts';
import { echoValue } from '../core/display-text.ts';
import { maxCheckImportRows, type CheckImportField, type ProbeKind } from './schema.ts';

/** Per column, the headers that feed it (folded), beyond the column's own name. */
export const checkHeaderAliases: Record<CheckImportField, string[]> = {
  name: ['checkname', 'monitor', 'monitorname', 'friendlyname', 'sensor', 'sensorname'],
  kind: ['type', 'checktype', 'checkkind', 'monitortype', 'sensortype'],
  target: ['url', 'address', 'endpoint'],
  host: ['hostname', 'ip', 'ipaddress', 'domain', 'dnsname', 'fqdn'],
  port: ['portnumber', 'tcpport'],
  intervalSeconds: ['interval', 'checkinterval', 'frequency', 'heartbeatinterval', 'scanninginterval'],
  failureThreshold: ['failures', 'downafter', 'failuresinarow'],
  recoveryThreshold: ['recoveries', 'upafter'],
  activity: ['matrixactivity', 'supportactivity', 'supportedby'],
  device: ['deviceserial', 'devicename', 'linkeddevice', 'asset'],
  paused: ['pause'],
  allowPrivateTargets: ['allowprivate', 'privatetarget', 'onpremises'],
  expectedStatus: ['status', 'statuscode', 'expectedstatuscode'],
  keyword: ['expectedtext', 'searchtext'],
  maxLatencyMs: ['maxlatency', 'timeoutms', 'maxresponsetime'],
  slowLatencyMs: ['slowlatency', 'warnlatencyms'],
  verifyTls: ['verifycertificate', 'verifyssl'],
  recordType: ['dnsrecordtype', 'dnsresolvetype', 'querytype'],
  expected: ['expectedvalue', 'expectedanswer'],
  server: ['dnsserver', 'resolver', 'dnsresolveserver'],
  minDaysLeft: ['mindays', 'certificatedays'],
  warnDaysLeft: ['warndays'],
  graceSeconds: ['grace', 'graceperiod'],
  minDiskFreePercent: ['mindiskfree'],
  maxCpuPercent: ['maxcpu'],
  requireProtection: ['requireendpointprotection'],
};

const headerField = new Map<string, CheckImportField>(
  (Object.entries(checkHeaderAliases) as [CheckImportField, string[]][]).flatMap(([field, aliases]) =>
    [fold(field), ...aliases].map((alias) => [alias, field] as const),
  ),
);

/** The kinds Tandem runs, by the words other tools use for them. Ping (ICMP) is not one. */
const kindWords = new Map<string, ProbeKind>([
  ['http', 'http'],
  ['https', 'http'],
  ['web', 'http'],
  ['website', 'http'],
  ['keyword', 'http'],
  ['tcp', 'tcp'],
  ['port', 'tcp'],
  ['tcpport', 'tcp'],
  ['tls', 'tls'],
  ['ssl', 'tls'],
  ['certificate', 'tls'],
  ['sslcertificate', 'tls'],
  ['dns', 'dns'],
  ['push', 'push'],
  ['heartbeat', 'push'],
  ['agent', 'agent'],
]);
const kindNames = ['http', 'tcp', 'tls', 'dns', 'push', 'agent'];

type Reader = (cell: string) => unknown;

function kind(cell: string): ProbeKind {
  const word = fold(cell);
  if (word === 'ping' || word === 'icmp')
    throw new CellError(`ping is not a kind Tandem runs; use tcp to a port the host answers on, or an agent check`);
  const k = kindWords.get(word);
  if (!k)
    throw new CellError(`is not a kind of check we know (${echoValue(cell)}); use one of ${kindNames.join(', ')}`);
  return k;
}

function yesNo(cell: string): boolean {
  const word = fold(cell);
  if (yesWords.has(word)) return true;
  if (noWords.has(word)) return false;
  throw new CellError(`must be yes or no, not ${echoValue(cell)}`);
}

/** A number as written; whether it is in range (and whole) is the check schema's to say. */
function number(cell: string): number {
  const value = Number(cell.replace(/,/g, ''));
  if (!Number.isFinite(value)) throw new CellError(`must be a number, not ${echoValue(cell)}`);
  return value;
}

const units: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600 };

/** Seconds, or a number with a unit: 90, 90s, 5m, 1h. */
function seconds(cell: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(cell);
  const unit = units[match?.[2]?.toLowerCase() || 's'];
  if (!match || unit === undefined)
    throw new CellError(`must be seconds, or a number with s, m or h (90, 5m, 1h), not ${echoValue(cell)}`);
  return Number(match[1]) * unit;
}

const text: Reader = (cell) => cell;

const readers: Record<CheckImportField, Reader> = {
  name: text,
  kind,
  target: text,
  host: text,
  port: number,
  intervalSeconds: seconds,
  failureThreshold: number,
  recoveryThreshold: number,
  activity: (cell) => cell.toLowerCase(),
  device: text,
  paused: yesNo,
  allowPrivateTargets: yesNo,
  expectedStatus: number,
  keyword: text,
  maxLatencyMs: number,
  slowLatencyMs: number,
  verifyTls: yesNo,
  recordType: (cell) => cell.toUpperCase(),
  expected: text,
  server: text,
  minDaysLeft: number,
  warnDaysLeft: number,
  graceSeconds: seconds,
  minDiskFreePercent: number,
  maxCpuPercent: number,
  requireProtection: yesNo,
};

export type CheckCells = Partial<Record<CheckImportField, unknown>> & { kind?: ProbeKind };

export interface CheckCsvRow {
  line: number;
  cells: CheckCells;
  errors: { column: string; message: string }[];
}

export interface CheckCsv {
  columns: Partial<Record<CheckImportField, string>>;
  ignoredColumns: string[];
  rows: CheckCsvRow[];
}

/** The file's rows, or why the whole file cannot be read (no rows, no name column, a column twice). */
export function readCheckCsv(csv: string): CheckCsv | CsvProblem {
  const read = readCsvColumns(csv, {
    headerField,
    readers,
    maxRows: maxCheckImportRows,
    missing: (fields) => (fields.has('name') ? null : 'the header needs a name column (e.g. "Name", "Friendly Name")'),
    noRows: 'the file has no rows below a header',
  });
  return 'message' in read ? read : { ...read, rows: read.rows as CheckCsvRow[] };
}
