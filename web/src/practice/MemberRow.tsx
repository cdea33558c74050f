import { Badge, Button, Group, Select, Table, Text } from '@mantine/core';
import type { Member } from './members-api.ts';
import { isRole, roleOptions, type Role } from './roles.ts';

function Status({ member }: { member: Member }) {
  if (member.disabled) return <Badge color="gray">Disabled</Badge>;
  if (!member.passwordSet) return <Badge color="yellow">Invited</Badge>;
  return <Badge color="green">Active</Badge>;
}

export function MemberRow({
  member,
  isSelf,
  changingRole,
  onRole,
  onRemove,
}: {
  member: Member;
  isSelf: boolean;
  changingRole: boolean;
  onRole: (role: Role) => void;
  onRemove: () => void;
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
        <Button size="xs" variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${member.displayName}`}>
          Remove
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
