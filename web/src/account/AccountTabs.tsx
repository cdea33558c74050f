import { Button, Group } from '@mantine/core';
import { Link, useLocation } from 'react-router';

const pages = [
  { path: '/account/sessions', label: 'Sessions' },
  { path: '/account/password', label: 'Password' },
  { path: '/account/mfa', label: 'Two-factor authentication' },
  { path: '/account/notifications', label: 'Notifications' },
  { path: '/account/notices', label: 'Notices' },
];

/**
 * The account area's pages, as links under the title. Links, not ARIA tabs: each is a page of its
 * own with its own address, and tabs would promise a tab panel that is not there.
 */
export function AccountTabs() {
  const { pathname } = useLocation();
  return (
    <Group component="nav" aria-label="Account" gap="xs">
      {pages.map((p) => {
        const current = pathname === p.path;
        return (
          <Button
            key={p.path}
            component={Link}
            to={p.path}
            variant={current ? 'light' : 'subtle'}
            aria-current={current ? 'page' : undefined}
          >
            {p.label}
          </Button>
        );
      })}
    </Group>
  );
}
