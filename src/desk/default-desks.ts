/**
 * The three desks a practice starts with (issue 18: IT, clinical and patient), created on first
 * use. Categories name activities of the matrix's activity catalog, so a practice whose matrix
 * grew from the catalog routes them without any set-up. The SLA targets are starting values for
 * the practice to agree with its MSP, not figures from a source: P1 answered within 15 minutes
 * and fixed within 4 business hours, down to P4 within a business day and a business week.
 */
import { catalogActivity } from '../matrix/activity-catalog.ts';
import { slaPolicySchema, type Calendar, type Category, type DeskKind, type SlaPolicy } from './desk-schema.ts';

export interface DeskDefaults {
  kind: DeskKind;
  name: string;
  calendar: Calendar;
  sla: SlaPolicy;
  categories: Category[];
}

const HOUR = 60;
const DAY = 8 * HOUR;

export const defaultSla: SlaPolicy = slaPolicySchema.parse({
  P1: { firstResponseMinutes: 15, resolutionMinutes: 4 * HOUR },
  P2: { firstResponseMinutes: HOUR, resolutionMinutes: DAY },
  P3: { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 3 * DAY },
  P4: { firstResponseMinutes: DAY, resolutionMinutes: 5 * DAY },
});

/** Category id -> catalog activity, each checked against the catalog when this module loads. */
const CATEGORIES: Record<DeskKind, [id: string, name: string, activity: string][]> = {
  it: [
    ['password', 'Password reset or locked account', 'password_resets'],
    ['accounts', 'New starter or leaver account', 'accounts'],
    ['email', 'Email and calendar', 'email_support'],
    ['computer', 'New or broken computer', 'provisioning'],
    ['printer', 'Printer, scanner or peripheral', 'peripherals'],
    ['network', 'Wi-Fi and network', 'wifi'],
    ['phones', 'Phones and call routing', 'phones'],
    ['backup', 'Backups and restores', 'backup_jobs'],
  ],
  clinical: [
    ['ehr', 'EHR problem during clinic', 'clinical_tickets'],
    ['eprescribing', 'E-prescribing and EPCS tokens', 'eprescribing'],
    ['signature', 'Signature pads and card readers', 'signature_pads'],
    ['imaging', 'Imaging sensors and X-ray workstations', 'imaging_devices'],
    ['templates', 'Templates and order sets', 'emr_templates'],
  ],
  patient: [
    ['portal', 'Patient portal or telehealth', 'portal_support'],
    ['portal-account', 'Portal account locked or invitation', 'portal_accounts'],
    ['identity', 'Patient identity verification', 'identity_checks'],
    ['kiosk', 'Check-in kiosk or waiting-room Wi-Fi', 'kiosk_support'],
  ],
};

for (const rows of Object.values(CATEGORIES))
  for (const [, , activity] of rows)
    if (!catalogActivity(activity)) throw new Error(`default desk category names unknown activity ${activity}`);

const NAMES: Record<DeskKind, string> = { it: 'IT desk', clinical: 'Clinical desk', patient: 'Patient desk' };

const officeHours = (timeZone: string): Calendar => ({
  timeZone,
  always: false,
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
  holidays: [],
});

/** The desks for a practice in `timeZone`: the clinical desk runs 24x7 (the EHR is), the others office hours. */
export function defaultDesks(timeZone: string): DeskDefaults[] {
  return (['it', 'clinical', 'patient'] as const).map((kind) => ({
    kind,
    name: NAMES[kind],
    calendar: kind === 'clinical' ? { timeZone, always: true, hours: [], holidays: [] } : officeHours(timeZone),
    sla: defaultSla,
    categories: CATEGORIES[kind].map(([id, name, activity]) => ({ id, name, activity })),
  }));
}
