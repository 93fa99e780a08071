import { useTranslation } from 'react-i18next';
import type { FlagAction } from '../../../common/api/moderation.js';
import { isApiError } from '../api/client.js';
import { useNotify } from '../ui/notify.js';
import { type ItemCommand, useItemCommand } from './queries.js';

/** Runs an item command and says what happened; a 409 explains the item's state, now refreshed. */
export function useItemActions() {
  const { t } = useTranslation();
  const notify = useNotify();
  const command = useItemCommand();
  const run = (input: ItemCommand) =>
    command.mutate(input, {
      onSuccess: (item) =>
        notify.success(
          t(
            `moderation.done.${input.kind === 'resolve' ? (item.status as 'agreed' | 'disagreed' | 'deferred') : input.kind}`,
          ),
        ),
      onError: (error) => notify.error(error, isApiError(error, 409) ? t('moderation.conflict') : undefined),
    });
  return {
    pending: command.isPending,
    claim: (item: ItemCommand['item']) => run({ kind: 'claim', item }),
    unclaim: (item: ItemCommand['item']) => run({ kind: 'unclaim', item }),
    resolve: (item: ItemCommand['item'], action: FlagAction, note?: string) =>
      run({ kind: 'resolve', item, action, ...(note ? { note } : {}) }),
    reopen: (item: ItemCommand['item'], note?: string) =>
      run({ kind: 'reopen', item, ...(note ? { note } : {}) }),
  };
}
