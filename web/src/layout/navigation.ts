import { modules } from './modules.ts';

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

/** The main navigation: the modules, the practice's people, tokens, webhooks and audit log, the account. */
export const navigation: NavSection[] = [
  { label: null, entries: modules.map((m) => ({ path: m.path, label: m.label })) },
  {
    label: 'Practice',
    entries: [
      { path: '/practice/people', label: 'People' },
      { path: '/practice/api-tokens', label: 'API tokens' },
      { path: '/practice/webhooks', label: 'Webhooks' },
      { path: '/practice/audit', label: 'Audit log' },
    ],
  },
  {
    label: null,
    entries: [
      { path: '/account/sessions', label: 'Account', activePrefix: '/account' },
      { path: '/about', label: 'About & status' },
    ],
  },
];
