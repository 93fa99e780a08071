import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../ui/page-title.js';
import { QueryPending } from '../../ui/query-pending.js';
import { ImportDetails } from './import-details.js';
import { ImportsTable } from './imports-table.js';
import { NewImportForm } from './new-import-form.js';
import { useImports } from './queries.js';

/** `/settings/imports`: upload Spoke CSV exports, follow the import, see its bad rows; recent imports. */
export function ImportsPage() {
  const { t } = useTranslation();
  const imports = useImports();
  const [selected, setSelected] = useState<number | null>(null);

  return (
    <Stack gap="lg" data-testid="imports-page">
      <Anchor component={Link} to="/settings" size="sm">
        {t('imports.backToSettings')}
      </Anchor>
      <PageTitle>{t('imports.title')}</PageTitle>
      <Text c="dimmed" maw={760}>
        {t('imports.intro')}
      </Text>
      <Paper withBorder radius="md" p="lg" maw={760}>
        <NewImportForm onStarted={setSelected} />
      </Paper>
      {selected !== null && <ImportDetails id={selected} />}
      <Title order={2} size="h3">
        {t('imports.recent')}
      </Title>
      {imports.data ? (
        <ImportsTable imports={imports.data} selected={selected} onSelect={setSelected} />
      ) : (
        <QueryPending query={imports} />
      )}
    </Stack>
  );
}
