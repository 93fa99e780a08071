import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, UNSHAPED_ERROR_CODE } from '../api/client.js';

/**
 * Text to show for a failed call: the server's own message when it sent one, otherwise ours
 * (server not reached, or a reply from something in between such as a proxy).
 */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.code !== UNSHAPED_ERROR_CODE) return error.message;
        return error.status === 429 ? t('errors.rateLimited') : t('errors.server', { status: error.status });
      }
      // fetch() rejects with a TypeError when the request never got a reply.
      if (error instanceof TypeError) return t('errors.network');
      return t('errors.unexpected');
    },
    [t],
  );
}
