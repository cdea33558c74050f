/**
 * Operating systems whose vendor support has ended or has a published end, from Microsoft's
 * lifecycle pages (learn.microsoft.com/lifecycle/products/...): the last day of extended support,
 * after which no security updates ship (paid Extended Security Updates aside). A device whose
 * `os` names one of these is in the "unsupported operating system" view from the day after.
 * The list is short on purpose: an entry needs a vendor's published date. Changing it changes
 * `os_support_ends` only as devices are written again; a migration would recompute existing rows.
 */

export interface OsSupportEnd {
  /** Matched against the device's `os`, case-insensitively. */
  pattern: RegExp;
  label: string;
  /** The last day of support (YYYY-MM-DD). */
  lastDay: string;
  source: string;
}

const lifecycle = 'https://learn.microsoft.com/lifecycle/products/';

/** Most specific first: "Windows Server 2012 R2" must not be read as anything else. */
export const osSupportEnds: readonly OsSupportEnd[] = [
  {
    pattern: /\bwindows\s+server\s+2008\b/i,
    label: 'Windows Server 2008 / 2008 R2',
    lastDay: '2020-01-14',
    source: `${lifecycle}windows-server-2008-r2`,
  },
  {
    pattern: /\bwindows\s+server\s+2012\b/i,
    label: 'Windows Server 2012 / 2012 R2',
    lastDay: '2023-10-10',
    source: `${lifecycle}windows-server-2012-r2`,
  },
  { pattern: /\bwindows\s+xp\b/i, label: 'Windows XP', lastDay: '2014-04-08', source: `${lifecycle}windows-xp` },
  { pattern: /\bwindows\s+7\b/i, label: 'Windows 7', lastDay: '2020-01-14', source: `${lifecycle}windows-7` },
  { pattern: /\bwindows\s+8\.1\b/i, label: 'Windows 8.1', lastDay: '2023-01-10', source: `${lifecycle}windows-81` },
  {
    // The LTSC editions have their own, later dates (2027-2032), so they are left out.
    pattern: /\bwindows\s+10\b(?!.*\bltsc\b)/i,
    label: 'Windows 10 (Home, Pro, Enterprise, Education 22H2)',
    lastDay: '2025-10-14',
    source: `${lifecycle}windows-10-home-and-pro`,
  },
];

/** The last day of support of the operating system `os` names, or null when it is not on the list. */
export function osSupportEndOf(os: string | null): string | null {
  if (!os) return null;
  return osSupportEnds.find((entry) => entry.pattern.test(os))?.lastDay ?? null;
}
