import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlugConnected, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SourceTestView, SourceView } from '../../../common/api/reports.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useCreateSource, useDeleteSource, useSources, useTestSource } from './queries.js';
import { REPORTS_PATH } from './reports-page.js';

export const SOURCES_PATH = `${REPORTS_PATH}/sources`;

/** What "test connection" answered: the server's version, or why it could not connect. */
function TestOutcome({ outcome, testId }: { outcome: SourceTestView; testId: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      color={outcome.ok ? 'green' : 'red'}
      title={outcome.ok ? t('reports.sources.connected') : t('reports.sources.notConnected')}
      role="status"
      data-testid={testId}
      data-ok={outcome.ok}
    >
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {outcome.message}
      </Text>
    </Alert>
  );
}

/** Name and URL of a new source; "test connection" before saving, then saved. */
function AddSource() {
  const { t } = useTranslation();
  const notify = useNotify();
  const create = useCreateSource();
  const test = useTestSource();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), url: url.trim() },
      {
        onSuccess: (source) => {
          notify.success(t('reports.sources.added', { name: source.name }));
          setName('');
          setUrl('');
          test.reset();
        },
        onError: (error) => notify.error(error),
      },
    );
  };
  const testUrl = () => test.mutate({ url: url.trim() }, { onError: (error) => notify.error(error) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-source-title">
      <form onSubmit={submit} data-testid="source-form">
        <Stack gap="sm">
          <Title order={2} size="h4" id="add-source-title">
            {t('reports.sources.addTitle')}
          </Title>
          <TextInput
            label={t('reports.sources.name')}
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="source-name"
          />
          <TextInput
            label={t('reports.sources.url')}
            description={t('reports.sources.urlHelp')}
            required
            autoComplete="off"
            spellCheck={false}
            value={url}
            onChange={(e) => {
              setUrl(e.currentTarget.value);
              test.reset();
            }}
            data-testid="source-url"
          />
          {test.data && <TestOutcome outcome={test.data} testId="source-url-test" />}
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={16} aria-hidden />}
              onClick={testUrl}
              loading={test.isPending}
              disabled={url.trim() === ''}
              data-testid="source-url-test-button"
            >
              {t('reports.sources.test')}
            </Button>
            <Button
              type="submit"
              leftSection={<IconPlus size={16} aria-hidden />}
              loading={create.isPending}
              data-testid="source-add"
            >
              {t('reports.sources.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function DeleteConfirm({ source, onDone }: { source: SourceView; onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const remove = useDeleteSource();
  const confirm = () =>
    remove.mutate(source.id, {
      onSuccess: () => {
        notify.success(t('reports.sources.deleted', { name: source.name }));
        onDone();
      },
      onError: (error) => notify.error(error, t('reports.sources.deleteFailed')),
    });
  return (
    <Stack gap="md">
      <Text>{t('reports.sources.confirmDelete', { name: source.name })}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={remove.isPending} onClick={confirm} data-testid="confirm-delete">
          {t('reports.sources.delete')}
        </Button>
      </Group>
    </Stack>
  );
}

/** One registered source: its address without password, "test connection", delete. */
function SourceRow({ source, onDelete }: { source: SourceView; onDelete: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const notify = useNotify();
  const test = useTestSource();
  return (
    <Table.Tr data-testid={`source-${source.name}`}>
      <Table.Td>{source.name}</Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="source-target">
          {source.target}
        </Text>
        {test.data && <TestOutcome outcome={test.data} testId="source-test-outcome" />}
      </Table.Td>
      <Table.Td>{formatDateTime(source.created_at)}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlugConnected size={14} aria-hidden />}
            loading={test.isPending}
            onClick={() => test.mutate({ id: source.id }, { onError: (error) => notify.error(error) })}
            aria-label={t('reports.sources.testNamed', { name: source.name })}
            data-testid="source-test"
          >
            {t('reports.sources.test')}
          </Button>
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={onDelete}
            aria-label={t('reports.sources.deleteNamed', { name: source.name })}
            data-testid="source-delete"
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function SourcesTable({ sources, onDelete }: { sources: SourceView[]; onDelete: (s: SourceView) => void }) {
  const { t } = useTranslation();
  if (sources.length === 0) return <Text c="dimmed">{t('reports.sources.none')}</Text>;
  return (
    <Table data-testid="sources-list">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('reports.sources.name')}</Table.Th>
          <Table.Th>{t('reports.sources.target')}</Table.Th>
          <Table.Th>{t('reports.sources.createdAt')}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{t('reports.sources.actions')}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sources.map((s) => (
          <SourceRow key={s.id} source={s} onDelete={() => onDelete(s)} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** `/reports/sources` (admins): the other PostgreSQL databases reports may run on. */
export function SourcesPage() {
  const { t } = useTranslation();
  const sources = useSources();
  const [deleting, setDeleting] = useState<SourceView | null>(null);
  return (
    <Stack gap="lg" data-testid="sources-page">
      <Anchor component={Link} to={REPORTS_PATH} size="sm">
        {t('reports.back')}
      </Anchor>
      <PageTitle>{t('reports.sources.title')}</PageTitle>
      <Text c="dimmed" maw={760}>
        {t('reports.sources.intro')}
      </Text>
      {sources.data ? (
        <SourcesTable sources={sources.data.sources} onDelete={setDeleting} />
      ) : (
        <QueryPending query={sources} />
      )}
      <AddSource />
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('reports.sources.delete')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {deleting && <DeleteConfirm source={deleting} onDone={() => setDeleting(null)} />}
      </Modal>
    </Stack>
  );
}
