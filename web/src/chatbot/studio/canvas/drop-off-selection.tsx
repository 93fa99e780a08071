import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import type { DropOffView } from '../../../../../common/api/bot-drop-off.js';
import { DropOffBar } from './drop-off-bar.js';
import { type DropOffFilter, NO_FILTER, useDropOff } from './drop-off-queries.js';

interface Selection {
  readonly shown: boolean;
  setShown(shown: boolean): void;
  readonly filter: DropOffFilter;
  setFilter(filter: DropOffFilter): void;
}

const SelectionContext = createContext<Selection | null>(null);

/**
 * Whether drop-off numbers are shown, and for which period and tag: one choice per bot page, so
 * the Flow tab and the Questionnaires tab show the numbers of the same selection.
 */
export function DropOffSelectionProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState(true);
  const [filter, setFilter] = useState<DropOffFilter>(NO_FILTER);
  const value = useMemo(() => ({ shown, setShown, filter, setFilter }), [shown, filter]);
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error('useBotDropOff needs a DropOffSelectionProvider');
  return selection;
}

export interface BotDropOff {
  /** The numbers when shown and read (null otherwise: nothing to draw). */
  readonly view: DropOffView | null;
  /** The period and tag picker, with the switch and the link to the report. */
  readonly bar: ReactNode;
}

/** The numbers of the page's selection, and the bar that changes it (the same on every tab). */
export function useBotDropOff(botId: number): BotDropOff {
  const { shown, setShown, filter, setFilter } = useSelection();
  const dropOff = useDropOff(botId, filter, shown);
  const bar = (
    <DropOffBar
      botId={botId}
      shown={shown}
      onShow={setShown}
      filter={filter}
      onFilter={setFilter}
      view={dropOff.data}
      loading={dropOff.isFetching}
      error={dropOff.error}
    />
  );
  return { view: shown && !dropOff.isError ? (dropOff.data ?? null) : null, bar };
}
