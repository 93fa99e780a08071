import { Anchor, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFileImport, IconMapPin, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { BOT_LIMITS } from '../../../common/limits.js';
import { isApiError } from '../api/client.js';
import { BuiltinReportLinks } from '../reports/builtin-report-links.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useBots, useCreateBot } from './queries.js';

/** `/chatbots`: every bot with its current revision; create one or import one. */
export function BotsPage() {
  const { t } = useTranslation();
  const bots = useBots();
  const formatDateTime = useFormatDateTime();
  const [creating, createModal] = useDisclosure(false);

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <PageTitle>{t('chatbots.title')}</PageTitle>
        <Group gap="sm">
          <Button
            variant="default"
            component={Link}
            to="/chatbots/support-points"
            leftSection={<IconMapPin size={16} aria-hidden />}
            data-testid="support-points-link"
          >
            {t('supportPoints.manage')}
          </Button>
          <Button
            variant="default"
            component={Link}
            to="/chatbots/import"
            leftSection={<IconFileImport size={16} aria-hidden />}
            data-testid="import-bot"
          >
            {t('chatbots.import.title')}
          </Button>
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={createModal.open}
            data-testid="create-bot"
          >
            {t('chatbots.create')}
          </Button>
        </Group>
      </Group>
      <BuiltinReportLinks prefix="chatbot-" testId="chatbot-reports" />
      {bots.data ? (
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="bots-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('chatbots.columns.name')}</Table.Th>
              <Table.Th>{t('chatbots.columns.revision')}</Table.Th>
              <Table.Th>{t('chatbots.columns.conversations')}</Table.Th>
              <Table.Th>{t('chatbots.columns.updatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bots.data.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" ta="center" py="md">
                    {t('chatbots.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {bots.data.map((bot) => (
              <Table.Tr key={bot.id} data-testid="bot-row">
                <Table.Td>
                  <Anchor component={Link} to={`/chatbots/${bot.id}`}>
                    {bot.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{bot.current_revision ?? '—'}</Table.Td>
                <Table.Td>{bot.conversations}</Table.Td>
                <Table.Td>{formatDateTime(bot.updated_at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <QueryPending query={bots} />
      )}
      <Modal
        opened={creating}
        onClose={createModal.close}
        title={t('chatbots.create')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <CreateBotForm onDone={createModal.close} />
      </Modal>
    </Stack>
  );
}

function CreateBotForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateBot();
  const notify = useNotify();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError(t('validation.required'));
      return;
    }
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (bot) => {
          onDone();
          void navigate(`/chatbots/${bot.id}`);
        },
        onError: (failure) => {
          if (isApiError(failure, 409)) setError(t('chatbots.nameTaken'));
          else notify.error(failure, t('chatbots.createFailed'));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('chatbots.fields.name')}
          description={t('chatbots.fields.nameHint')}
          withAsterisk
          data-autofocus
          maxLength={BOT_LIMITS.nameMax}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
          error={error}
          data-testid="bot-name"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="create-bot-submit">
            {t('chatbots.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
