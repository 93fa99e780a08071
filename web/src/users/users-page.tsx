import { Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../common/api/auth.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { CreateUserModal } from './create-user-modal.js';
import { EditUserModal } from './edit-user-modal.js';
import { useUsers } from './queries.js';
import { UsersTable } from './users-table.js';

export function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const [createOpened, createModal] = useDisclosure(false);
  const [editOpened, editModal] = useDisclosure(false);
  const [editing, setEditing] = useState<UserView | null>(null);

  const edit = (user: UserView) => {
    setEditing(user);
    editModal.open();
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <PageTitle>{t('users.title')}</PageTitle>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={createModal.open}
          data-testid="create-user"
        >
          {t('users.create')}
        </Button>
      </Group>

      {users.data ? <UsersTable users={users.data} onEdit={edit} /> : <QueryPending query={users} />}

      <CreateUserModal opened={createOpened} onClose={createModal.close} />
      <EditUserModal user={editing} opened={editOpened} onClose={editModal.close} />
    </Stack>
  );
}
