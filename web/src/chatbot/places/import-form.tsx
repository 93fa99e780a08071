import { Alert, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupportPointProblem } from '../../../../common/api/support-points.js';
import { isApiError } from '../../api/client.js';
import { translatedOr } from '../../ui/errors.js';
import { FileField } from '../../ui/file-field.js';
import { useNotify } from '../../ui/notify.js';
import { useImportSupportPoints } from './queries.js';

function problemsOf(error: unknown): SupportPointProblem[] | null {
  if (!isApiError(error, 400) || error.code !== 'support_points_import_rejected') return null;
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? (problems as SupportPointProblem[]) : null;
}

/** CSV import, all or nothing: the file's problems are listed by line and column. */
export function ImportForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const importPoints = useImportSupportPoints();
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [missing, setMissing] = useState(false);
  const problems = problemsOf(importPoints.error);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    importPoints.mutate(
      { csv: await file.text(), replace },
      {
        onSuccess: (result) => {
          notify.success(t('supportPoints.import.done', { count: result.imported, removed: result.removed }));
          onDone();
        },
        onError: (error) => {
          if (!problemsOf(error)) notify.error(error, t('supportPoints.import.failed'));
        },
      },
    );
  };

  const problemText = (problem: SupportPointProblem) =>
    translatedOr(t, `supportPoints.problems.${problem.code}`, { ...problem.params }, problem.reason);

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="support-points-import">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('supportPoints.import.hint')}
        </Text>
        <FileField
          label={t('supportPoints.import.file')}
          accept=".csv,text/csv"
          withAsterisk
          value={file}
          onChange={setFile}
          error={missing && !file ? t('validation.required') : undefined}
          data-testid="support-points-file"
        />
        <Checkbox
          label={t('supportPoints.import.replace')}
          checked={replace}
          onChange={(event) => setReplace(event.currentTarget.checked)}
        />
        {problems && (
          <Alert
            color="red"
            title={t('apiErrors.support_points_import_rejected')}
            data-testid="import-problems"
          >
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('supportPoints.import.line')}</Table.Th>
                  <Table.Th>{t('supportPoints.import.column')}</Table.Th>
                  <Table.Th>{t('supportPoints.import.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.map((problem) => (
                  <Table.Tr key={`${problem.line}-${problem.column}-${problem.code}`}>
                    <Table.Td>{problem.line}</Table.Td>
                    <Table.Td>{problem.column ?? '—'}</Table.Td>
                    <Table.Td>{problemText(problem)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={importPoints.isPending}
            leftSection={<IconFileImport size={16} aria-hidden />}
            data-testid="support-points-import-submit"
          >
            {t('supportPoints.import.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
