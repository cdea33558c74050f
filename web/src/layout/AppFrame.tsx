import { AppShell, Burger, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { mainContentId, SkipLink } from '../ui/SkipLink.tsx';

/**
 * The frame of the signed-in pages: the header with the product's name, the navigation column
 * and the page's main content. Drawn by AppLayout with the viewer's menu and links, and at build
 * time without them (web/src/prerender/app-frame-shell.tsx), so both put everything in the same
 * place.
 */
export function AppFrame({
  navigationOpen,
  onToggleNavigation,
  withoutNavigation = false,
  account,
  navigation,
  children,
}: {
  /** Whether the navigation is shown on a phone (the header's burger opens it). */
  navigationOpen: boolean;
  onToggleNavigation?: () => void;
  /** Half-way through signing in (MFA enrolment) there is nowhere else to go yet. */
  withoutNavigation?: boolean;
  /** The header's right-hand side: who is signed in, or a way to sign in. */
  account?: ReactNode;
  navigation?: ReactNode;
  children: ReactNode;
}) {
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navigationOpen, desktop: withoutNavigation } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {!withoutNavigation && (
              <Burger
                opened={navigationOpen}
                onClick={onToggleNavigation}
                hiddenFrom="sm"
                size="sm"
                aria-label="Toggle navigation"
              />
            )}
            {/* The product's name, not a heading: each page's own title is its <h1>. */}
            <Text fw={700} fz="h3">
              Tandem
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {account}
          </Group>
        </Group>
      </AppShell.Header>
      {!withoutNavigation && (
        <AppShell.Navbar p="xs" aria-label="Main navigation">
          {navigation}
        </AppShell.Navbar>
      )}
      <AppShell.Main id={mainContentId} tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
