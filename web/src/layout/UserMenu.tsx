import { Avatar, Button, Menu, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import type { SessionView } from '../auth/session.ts';
import { useSignOut } from '../auth/useSignOut.ts';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}

/** Who is signed in, their account pages and sign out. */
export function UserMenu({ session }: { session: SessionView }) {
  const signOut = useSignOut();
  const full = session.status === 'signed_in';
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={
            <Avatar size="sm" color="blue" aria-hidden>
              {initials(session.user.displayName)}
            </Avatar>
          }
        >
          {/* Named by what it shows plus what it is (WCAG 2.5.3: the visible text is in the name). */}
          <Text size="sm" visibleFrom="sm">
            {session.user.displayName}
          </Text>
          <VisuallyHidden>Account menu</VisuallyHidden>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{session.user.email}</Menu.Label>
        {full && (
          <>
            <Menu.Item component={Link} to="/account/sessions">
              Sessions
            </Menu.Item>
            <Menu.Item component={Link} to="/account/password">
              Password
            </Menu.Item>
            <Menu.Item component={Link} to="/account/mfa">
              Two-factor authentication
            </Menu.Item>
            <Menu.Divider />
          </>
        )}
        <Menu.Label>Help</Menu.Label>
        <Menu.Item component={Link} to="/about">
          About &amp; status
        </Menu.Item>
        <Menu.Item component="a" href="/api/docs" target="_blank" rel="noopener">
          API reference
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => signOut.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
