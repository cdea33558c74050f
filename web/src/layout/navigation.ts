export interface NavEntry {
  path: string;
  label: string;
  /** Also active on these paths (e.g. every page under /account). */
  activePrefix?: string;
}

export interface NavSection {
  label: string | null;
  entries: NavEntry[];
}

/**
 * The main navigation: home, the modules that are built (a module joins when its pages ship, not
 * before), the practice's people, tokens and audit log, the account. About & status is in the
 * user menu.
 */
export const navigation: NavSection[] = [
  {
    label: null,
    entries: [
      { path: '/home', label: 'Home' },
      { path: '/advisor', label: 'Advisor' },
      { path: '/responsibilities', label: 'Responsibilities' },
    ],
  },
  {
    label: 'Practice',
    entries: [
      { path: '/practice/people', label: 'People' },
      { path: '/practice/api-tokens', label: 'API tokens' },
      { path: '/practice/audit', label: 'Audit log' },
    ],
  },
  {
    label: null,
    entries: [{ path: '/account/sessions', label: 'Account', activePrefix: '/account' }],
  },
];
