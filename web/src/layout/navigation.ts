import type { Membership } from '../auth/session.ts';
import { can } from '../auth/permissions.ts';

/** Who is looking: enough to leave out entries whose pages would only refuse them. */
export interface Viewer {
  orgAdmin: boolean;
  practice: Membership | null;
}

export interface NavEntry {
  path: string;
  label: string;
  /** Also active on these paths (e.g. every page under /account). */
  activePrefix?: string;
  /** Shown only to those it holds for; every entry without it is for everyone. */
  shownTo?: (viewer: Viewer) => boolean;
}

export interface NavSection {
  label: string | null;
  entries: NavEntry[];
}

/**
 * The main navigation: home, the modules that are built (a module joins when its pages ship, not
 * before), the practice's service desk, devices, people, tokens, webhooks, audit log and outbox, the account. About & status is in
 * the user menu.
 */
export const navigation: NavSection[] = [
  {
    label: null,
    entries: [
      { path: '/home', label: 'Home' },
      // The MSP's overview: for those who watch checks somewhere (the server lists what they may see).
      {
        path: '/overview',
        label: 'All practices',
        shownTo: ({ practice }) => practice !== null && can(practice, 'monitoring.read'),
      },
      { path: '/advisor', label: 'Advisor' },
      { path: '/responsibilities', label: 'Responsibilities' },
      {
        path: '/monitoring',
        label: 'Monitoring',
        shownTo: ({ practice }) => practice !== null && can(practice, 'monitoring.read'),
      },
    ],
  },
  {
    label: 'Practice',
    entries: [
      // Those who only file tickets get the form there; the queues need tickets.work (the server's rule).
      {
        path: '/practice/desk',
        label: 'Service desk',
        activePrefix: '/practice/desk',
        shownTo: ({ practice }) => practice !== null && can(practice, 'tickets.create'),
      },
      {
        path: '/practice/backups',
        label: 'Backups',
        activePrefix: '/practice/backups',
        shownTo: ({ practice }) => practice !== null && can(practice, 'monitoring.read'),
      },
      {
        path: '/practice/devices',
        label: 'Devices',
        activePrefix: '/practice/devices',
        shownTo: ({ practice }) => practice !== null && can(practice, 'devices.read'),
      },
      { path: '/practice/people', label: 'People' },
      { path: '/practice/api-tokens', label: 'API tokens' },
      { path: '/practice/webhooks', label: 'Webhooks' },
      { path: '/practice/audit', label: 'Audit log' },
      // The outbox holds invitation links: for those who may invite people (the server's rule too).
      {
        path: '/practice/outbox',
        label: 'Outbox',
        shownTo: ({ practice }) => practice !== null && can(practice, 'users.manage'),
      },
    ],
  },
  {
    label: null,
    entries: [
      { path: '/account/sessions', label: 'Account', activePrefix: '/account' },
      { path: '/system/jobs', label: 'Failed jobs', shownTo: ({ orgAdmin }) => orgAdmin },
      { path: '/system/webhooks', label: 'Organisation webhooks', shownTo: ({ orgAdmin }) => orgAdmin },
    ],
  },
];

/** The navigation as this viewer sees it. */
export function navigationFor(viewer: Viewer): NavSection[] {
  return navigation.map((section) => ({
    ...section,
    entries: section.entries.filter((entry) => entry.shownTo?.(viewer) ?? true),
  }));
}
