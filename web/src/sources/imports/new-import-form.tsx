import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SOURCE_NAME_PATTERN } from '../../../../common/api/imports.js';
import { IMPORT_LIMITS } from '../../../../common/limits.js';
import { FileField } from '../../ui/file-field.js';
import { useNotify } from '../../ui/notify.js';
import { useStartCsvImport } from './queries.js';

const SOURCE = new RegExp(SOURCE_NAME_PATTERN);

/** Picks the CSV files and starts the import; hands the new import's id to `onStarted`. */
export function NewImportForm({ onStarted }: { onStarted: (id: number) => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const start = useStartCsvImport();
  const [files, setFiles] = useState<File[]>([]);
  const [source, setSource] = useState('spoke');
  const [country, setCountry] = useState('US');
  const [uploading, setUploading] = useState<{ index: number; total: number } | null>(null);
  const [touched, setTouched] = useState(false);

  const sourceError = SOURCE.test(source) ? undefined : t('imports.sourceInvalid');
  const countryError = /^[A-Za-z]{2}$/.test(country) ? undefined : t('imports.countryInvalid');
  const filesError =
    files.length === 0
      ? t('imports.filesRequired')
      : files.length > IMPORT_LIMITS.filesMax
        ? t('imports.tooManyFiles', { max: IMPORT_LIMITS.filesMax })
        : undefined;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (sourceError || countryError || filesError) return;
    start.mutate(
      {
        options: { source, country: country.toUpperCase() },
        files,
        onUpload: (index, total) => setUploading({ index, total }),
      },
      {
        onSuccess: (view) => {
          setFiles([]);
          setTouched(false);
          onStarted(view.id);
        },
        onError: (error) => notify.error(error, t('imports.startFailed')),
        onSettled: () => setUploading(null),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="new-import-form">
      <Stack gap="md">
        <FileField
          multiple
          accept=".csv,text/csv"
          label={t('imports.files')}
          description={t('imports.filesHint')}
          placeholder={t('imports.filesPlaceholder')}
          value={files}
          onChange={setFiles}
          error={touched ? filesError : undefined}
          leftSection={<IconUpload size={16} aria-hidden />}
          data-testid="import-files"
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('imports.source')}
            description={t('imports.sourceHint')}
            value={source}
            onChange={(event) => setSource(event.currentTarget.value.trim())}
            error={touched ? sourceError : undefined}
            data-testid="import-source"
          />
          <TextInput
            label={t('imports.country')}
            description={t('imports.countryHint')}
            maxLength={2}
            value={country}
            onChange={(event) => setCountry(event.currentTarget.value.trim())}
            error={touched ? countryError : undefined}
            data-testid="import-country"
          />
        </Group>
        <Group justify="space-between">
          <Text size="sm" c="dimmed" aria-live="polite">
            {uploading ? t('imports.uploading', { index: uploading.index + 1, total: uploading.total }) : ''}
          </Text>
          <Button type="submit" loading={start.isPending} data-testid="start-import">
            {t('imports.start')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
