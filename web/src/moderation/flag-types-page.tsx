import {
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlagTypeView } from '../../../common/api/moderation.js';
import { useNotify } from '../ui/notify.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useFlagTypes, useSaveFlagType } from './queries.js';

/** `/settings/moderation/flag-types` (admins): the built-in types and custom ones (ids from 1000). */
export function FlagTypesPage() {
  const { t } = useTranslation();
  const types = useFlagTypes();
  return (
    <Stack gap="lg" data-testid="flag-types-page">
      <PageTitle>{t('moderation.types.title')}</PageTitle>
      <Text c="dimmed">{t('moderation.types.intro')}</Text>
      {types.data ? <TypeTable types={types.data.types} /> : <QueryPending query={types} />}
      <NewType />
    </Stack>
  );
}

function TypeTable({ types }: { types: readonly FlagTypeView[] }) {
  const { t } = useTranslation();
  const save = useSaveFlagType();
  const notify = useNotify();
  return (
    <Table data-testid="flag-types">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('moderation.types.id')}</Table.Th>
          <Table.Th>{t('moderation.types.name')}</Table.Th>
          <Table.Th>{t('moderation.types.severity')}</Table.Th>
          <Table.Th>{t('moderation.types.enabled')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {types.map((type) => (
          <Table.Tr key={type.id} data-testid="flag-type-row">
            <Table.Td>
              {type.id}{' '}
              <Text span c="dimmed" size="xs">
                {type.name_key}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{type.name}</Text>
              <Text size="xs" c="dimmed">
                {type.description}
              </Text>
            </Table.Td>
            <Table.Td>{type.severity}</Table.Td>
            <Table.Td>
              <Switch
                checked={type.enabled}
                aria-label={t('moderation.types.enable', { name: type.name })}
                onChange={(event) =>
                  save.mutate(
                    { id: type.id, body: { enabled: event.currentTarget.checked } },
                    { onError: (error) => notify.error(error) },
                  )
                }
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function NewType() {
  const { t } = useTranslation();
  const save = useSaveFlagType();
  const notify = useNotify();
  const [nameKey, setNameKey] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<number>(2);
  const submit = () =>
    save.mutate(
      { id: null, body: { name_key: nameKey, name, description, severity } },
      {
        onSuccess: () => {
          notify.success(t('moderation.types.created'));
          setNameKey('');
          setName('');
          setDescription('');
        },
        onError: (error) => notify.error(error),
      },
    );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-flag-type">
      <Title order={2} size="h4" id="new-flag-type" mb="sm">
        {t('moderation.types.new')}
      </Title>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('moderation.types.key')}
          value={nameKey}
          onChange={(e) => setNameKey(e.currentTarget.value)}
          data-testid="type-key"
        />
        <TextInput
          label={t('moderation.types.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <TextInput
          label={t('moderation.types.description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <NumberInput
          label={t('moderation.types.severity')}
          min={1}
          max={5}
          value={severity}
          onChange={(value) => setSeverity(Number(value) || 2)}
          w={110}
        />
        <Button
          onClick={submit}
          loading={save.isPending}
          disabled={!nameKey || !name}
          data-testid="type-create"
        >
          {t('moderation.types.add')}
        </Button>
      </Group>
    </Paper>
  );
}
