import { Button, Divider, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Fragment } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session.ts';
import { PracticeSwitcher } from '../practice/PracticeSwitcher.tsx';
import { useCurrentPractice } from '../practice/current-practice.ts';
import { AppFrame } from './AppFrame.tsx';
import { navigationFor } from './navigation.ts';
import { UserMenu } from './UserMenu.tsx';

function isActive(pathname: string, path: string, prefix?: string): boolean {
  const base = prefix ?? path;
  return pathname === base || pathname.startsWith(`${base}/`);
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const session = useSession();
  // Half-way through signing in (MFA enrolment), there is nowhere else to go yet.
  const partial = session.data != null && session.data.status !== 'signed_in';
  const { practice } = useCurrentPractice();
  const sections = navigationFor({ orgAdmin: session.data?.user.orgAdmin ?? false, practice });

  const account = (
    <>
      {session.data?.status === 'signed_in' && <PracticeSwitcher />}
      {session.data && <UserMenu session={session.data} />}
      {session.data === null && (
        <Button
          component={Link}
          to="/sign-in"
          state={{ from: `${location.pathname}${location.search}` }}
          variant="light"
          size="sm"
        >
          Sign in
        </Button>
      )}
    </>
  );
  // No entries until the session is known: some depend on the viewer's roles, and drawing the
  // others first would push them down when those arrive (a layout shift).
  const navigation = session.isPending
    ? null
    : sections.map((section, i) => (
        <Fragment key={section.label ?? i}>
          {i > 0 && <Divider my="xs" />}
          {section.label && (
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={4}>
              {section.label}
            </Text>
          )}
          {section.entries.map((link) => (
            <NavLink
              key={link.path}
              component={RouterNavLink}
              to={link.path}
              label={link.label}
              active={isActive(location.pathname, link.path, link.activePrefix)}
              onClick={close}
            />
          ))}
        </Fragment>
      ));

  return (
    <AppFrame
      navigationOpen={opened}
      onToggleNavigation={toggle}
      withoutNavigation={partial}
      account={account}
      navigation={navigation}
    >
      <Outlet />
    </AppFrame>
  );
}
