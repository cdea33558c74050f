import { Badge, Button, Group, Menu, Select, Table, Text } from '@mantine/core';
import type { Member } from './members-api.ts';
import { isRole, roleOptions, type Role } from './roles.ts';

function Status({ member }: { member: Member }) {
  return member.disabled ? <Badge color="gray">Disabled</Badge> : <Badge color="green">Active</Badge>;
}

export type MemberAction = 'reset' | 'resetMfa' | 'disable' | 'enable' | 'remove';

export function MemberRow({
  member,
  isSelf,
  changingRole,
  onRole,
  onAction,
}: {
  member: Member;
  isSelf: boolean;
  changingRole: boolean;
  onRole: (role: Role) => void;
  onAction: (action: MemberAction) => void;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={500}>
            {member.displayName}
          </Text>
          {isSelf && (
            <Badge size="xs" variant="outline">
              you
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{member.email}</Text>
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Role of ${member.displayName}`}
          size="xs"
          w={210}
          value={member.role}
          data={roleOptions}
          allowDeselect={false}
          disabled={changingRole}
          onChange={(value) => isRole(value) && value !== member.role && onRole(value)}
          comboboxProps={{ withinPortal: true }}
        />
      </Table.Td>
      <Table.Td>{member.mfaEnabled ? <Badge color="green">On</Badge> : <Badge color="gray">Off</Badge>}</Table.Td>
      <Table.Td>
        <Status member={member} />
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="subtle" aria-label={`Actions for ${member.displayName}`}>
              Actions
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {!isSelf && <Menu.Item onClick={() => onAction('reset')}>Reset password</Menu.Item>}
            {!isSelf && member.mfaEnabled && (
              <Menu.Item onClick={() => onAction('resetMfa')}>Reset two-factor authentication</Menu.Item>
            )}
            {!isSelf && (
              <Menu.Item onClick={() => onAction(member.disabled ? 'enable' : 'disable')}>
                {member.disabled ? 'Enable account' : 'Disable account'}
              </Menu.Item>
            )}
            <Menu.Item color="red" onClick={() => onAction('remove')}>
              Remove from practice
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
