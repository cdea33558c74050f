import { AppShell, Burger, Button, Divider, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Fragment } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session.ts';
import { PracticeSwitcher } from '../practice/PracticeSwitcher.tsx';
import { mainContentId, SkipLink } from '../ui/SkipLink.tsx';
import { useCurrentPractice } from '../practice/current-practice.ts';
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

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened, desktop: partial } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {!partial && (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            )}
            {/* The product's name, not a heading: each page's own title is its <h1>. */}
            <Text fw={700} fz="h3">
              Tandem
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
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
          </Group>
        </Group>
      </AppShell.Header>
      {!partial && (
        <AppShell.Navbar p="xs" aria-label="Main navigation">
          {sections.map((section, i) => (
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
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main id={mainContentId} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
