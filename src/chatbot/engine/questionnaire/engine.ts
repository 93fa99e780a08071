import type { Effect } from '../effects.js';
import { isRelevant } from '../relevance/evaluate.js';
import type { Responses } from '../relevance/values.js';
import { formatSupportPoint, type LookupResult, lookupError, nearWanted } from './cep.js';
import type { CurrentEntry, QuizItem, QuizSession } from './items.js';
import { answerItem, isInput } from './kinds/index.js';

/** Bound on pull rounds in one turn (PenhaS: 100, then "Loop no quiz detectado"). */
export const MAX_PULL_ROUNDS = 100;
export type Presented =
  | {
      readonly ok: true;
      readonly session: QuizSession;
      /** Relevant items of `current`, in order: what is shown this turn. */
      readonly visible: readonly QuizItem[];
      /** Nothing left to answer: no visible input and nothing pending. */
      readonly over: boolean;
    }
  | { readonly ok: false; readonly session: QuizSession; readonly error: string };

function relevantFor(responses: Responses) {
  return (item: QuizItem) => isRelevant(item.relevance, { responses, self: item.code });
}

/**
 * Pull and show (docs/chatbot.md, "How a questionnaire runs", steps 1–3, 5):
 * - when no relevant input is in `current`, move items from `pending` one by one, stopping right
 *   after the first relevant input; relevant display texts met on the way stay in `current`
 *   (the input check is penhas-backend's later fix: a revived display text alone no longer
 *   stops the pull and leaves the user without a question);
 * - everything relevant in `current` is shown; the rest stays and is tested again next turn;
 * - nothing visible with items pending: pull again, at most MAX_PULL_ROUNDS times;
 * - no visible input and nothing pending: the questionnaire is over.
 */
export function present(session: QuizSession): Presented {
  const relevant = relevantFor(session.responses);
  const pending = [...session.pending];
  const current = session.current.map((entry) => entry.item);
  for (let round = 0; round < MAX_PULL_ROUNDS; round++) {
    if (!current.some((item) => isInput(item) && relevant(item))) {
      for (let item = pending.shift(); item !== undefined; item = pending.shift()) {
        current.push(item);
        if (isInput(item) && relevant(item)) break;
      }
    }
    const entries: CurrentEntry[] = current.map((item) => ({ item, visible: relevant(item) }));
    const visible = entries.filter((entry) => entry.visible).map((entry) => entry.item);
    if (visible.length === 0 && pending.length > 0) continue;
    return {
      ok: true,
      session: { ...session, pending, current: entries },
      visible,
      over: pending.length === 0 && !visible.some(isInput),
    };
  }
  return {
    ok: false,
    session: { ...session, pending, current: current.map((item) => ({ item, visible: false })) },
    error: `Loop no questionário ${session.questionnaire_id}: nenhuma pergunta visível após ${MAX_PULL_ROUNDS} rodadas.`,
  };
}

export type Answered =
  /** Taken: visible items left `current`; present() next. `chosen` is an option value. */
  | {
      readonly kind: 'accepted';
      readonly session: QuizSession;
      readonly item: QuizItem;
      readonly chosen: string | null;
    }
  /** Not taken; `item` is the question to ask again (null: not a visible input). */
  | {
      readonly kind: 'invalid';
      readonly session: QuizSession;
      readonly item: QuizItem | null;
      readonly error: string | null;
    }
  /** A CEP to look up: the session now waits for `resumeLookup`. */
  | { readonly kind: 'lookup'; readonly session: QuizSession; readonly item: QuizItem; readonly cep: string };

/** The visible inputs of `current` (as shown last), in order. */
export function visibleInputs(session: QuizSession): QuizItem[] {
  return session.current.filter((entry) => entry.visible && isInput(entry.item)).map((entry) => entry.item);
}

/**
 * Answer (same section, step 4): only an input shown last turn takes an answer; it is validated by
 * its kind; on success every item visible last turn leaves `current` (as in PenhaS).
 */
export function answer(session: QuizSession, ref: string, value: string): Answered {
  const item = visibleInputs(session).find((candidate) => candidate.ref === ref);
  if (!item) return { kind: 'invalid', session, item: null, error: null };
  const outcome = answerItem(item, value, session.responses);
  switch (outcome.kind) {
    case 'accepted':
      return { kind: 'accepted', session: settle(session, outcome.responses), item, chosen: outcome.chosen };
    case 'lookup':
      return {
        kind: 'lookup',
        session: { ...session, lookup: { ref, cep: outcome.cep } },
        item,
        cep: outcome.cep,
      };
    case 'invalid':
      return { kind: 'invalid', session, item, error: outcome.error };
  }
}

/** Resumes a CEP answer with the host's lookup result. */
export function resumeLookup(session: QuizSession, result: LookupResult): Answered {
  const waiting = session.lookup;
  const cleared = { ...session, lookup: null };
  const item = waiting
    ? visibleInputs(session).find((candidate) => candidate.ref === waiting.ref)
    : undefined;
  if (!waiting || !item) return { kind: 'invalid', session: cleared, item: null, error: null };
  if (result.status !== 'found' || result.services.length === 0) {
    const failure: Exclude<LookupResult, { status: 'found' }> =
      result.status === 'found'
        ? {
            status: 'no_services',
            human_address: result.human_address,
            latlng: result.latlng,
            radius_km: nearWanted(item.kind === 'cep_address_lookup' ? item : {}).radius_km,
          }
        : result;
    return { kind: 'invalid', session: cleared, item, error: lookupError(waiting.cep, failure) };
  }
  const responses = {
    ...session.responses,
    [item.code]: waiting.cep,
    human_address: result.human_address,
    latlng: result.latlng,
    cep_results: JSON.stringify(result.services.map(formatSupportPoint)),
  };
  return { kind: 'accepted', session: settle(cleared, responses), item, chosen: null };
}

/**
 * The lookup the session waits for, as the effect the host must do: its CEP and its question's
 * settings. Null when it waits for none.
 */
export function waitingLookup(session: QuizSession): Effect | null {
  const waiting = session.lookup;
  if (waiting === null) return null;
  const item = session.current.find((entry) => entry.item.ref === waiting.ref)?.item;
  return {
    kind: 'lookup',
    cep: waiting.cep,
    question: item?.code ?? waiting.ref,
    ...nearWanted(item?.kind === 'cep_address_lookup' ? item : {}),
  };
}

function settle(session: QuizSession, responses: Responses): QuizSession {
  return { ...session, responses, current: session.current.filter((entry) => !entry.visible), lookup: null };
}
