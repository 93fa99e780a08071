import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorState } from './error-state.js';

interface PendingQuery {
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** What stands in for a query's data until it has some: its error with a retry, else a loader. */
export function QueryPending({ query }: { query: PendingQuery }) {
  const { t } = useTranslation();
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Center py="xl">
      <Loader role="status" aria-label={t('common.loading')} />
    </Center>
  );
}
