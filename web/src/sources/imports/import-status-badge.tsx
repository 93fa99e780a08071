import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportStatus } from '../../../../common/api/imports.js';

const COLORS: Record<ImportStatus, string> = {
  pending: 'gray',
  queued: 'blue',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLORS[status]} data-testid="import-status">
      {t(`imports.status.${status}`)}
    </Badge>
  );
}
