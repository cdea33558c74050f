import { Tabs } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';

const tabs = [
  { path: '/account/sessions', label: 'Sessions' },
  { path: '/account/password', label: 'Password' },
  { path: '/account/mfa', label: 'Two-factor authentication' },
];

/** The account area's pages, as tabs under the title. */
export function AccountTabs() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <Tabs value={location.pathname} onChange={(value) => value && void navigate(value)}>
      <Tabs.List>
        {tabs.map((t) => (
          <Tabs.Tab key={t.path} value={t.path}>
            {t.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
