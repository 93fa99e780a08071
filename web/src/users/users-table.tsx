import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../common/api/auth.js';
import { useFormatDateTime } from '../ui/format.js';
import { ResendInvitationButton } from './resend-invitation-button.js';
import { UserStatusBadge } from './user-status-badge.js';

interface UsersTableProps {
  users: readonly UserView[];
  onEdit: (user: UserView) => void;
}

export function UsersTable({ users, onEdit }: UsersTableProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.columns.email')}</Table.Th>
            <Table.Th>{t('users.columns.name')}</Table.Th>
            <Table.Th>{t('users.columns.role')}</Table.Th>
            <Table.Th>{t('users.columns.status')}</Table.Th>
            <Table.Th>{t('users.columns.createdAt')}</Table.Th>
            <Table.Th>{t('users.columns.lastLoginAt')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('users.columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>
                <Text c="dimmed" ta="center" py="md">
                  {t('users.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {users.map((user) => (
            <Table.Tr key={user.id} data-testid="user-row" data-user-id={user.id}>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>{user.name}</Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`roles.${user.role}`)}</Badge>
              </Table.Td>
              <Table.Td>
                <UserStatusBadge disabled={user.disabled} invited={!user.password_set} />
              </Table.Td>
              <Table.Td>{formatDateTime(user.created_at)}</Table.Td>
              <Table.Td>{formatDateTime(user.last_login_at, t('common.never'))}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {!user.password_set && !user.disabled && <ResendInvitationButton user={user} />}
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconPencil size={14} aria-hidden />}
                    onClick={() => onEdit(user)}
                    data-testid="edit-user"
                  >
                    {t('users.edit')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
