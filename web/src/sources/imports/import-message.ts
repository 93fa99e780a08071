import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpokeImportView } from '../../../../common/api/imports.js';

/**
 * An import's outcome line in the user's language. A rejection (failed, with its problems listed)
 * is the `import_rejected` error the run recorded, so it reads as that error does; any other line
 * is the server's own (a summary of what changed, or an unexpected failure).
 */
export function importMessage(t: TFunction, view: SpokeImportView): string | null {
  if (view.status === 'failed' && view.error_count > 0) {
    return t('apiErrors.import_rejected', { count: view.error_count });
  }
  return view.message;
}

export function useImportMessage(): (view: SpokeImportView) => string | null {
  const { t } = useTranslation();
  return useCallback((view: SpokeImportView) => importMessage(t, view), [t]);
}
