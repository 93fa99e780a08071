import type { ItemKind, ItemOf, QuizItem } from '../items.js';
import type { QuestionType } from '../question.js';
import { botaoFimKind, compileBotaoFim } from './botao-fim.js';
import { cepAddressLookupKind, cepResultsKind, compileCepAddressLookup } from './cep-address-lookup.js';
import { compileDisplaytext, displaytextKind, introKind } from './displaytext.js';
import type { AnswerOutcome, CompileQuestion, ItemBehaviour, QuestionOf, RenderContext } from './kind.js';
import { compileOnlychoice, onlychoiceKind } from './onlychoice.js';
import { compileText, textKind } from './text.js';
import { compileYesno, yesnoKind } from './yesno.js';
import { compileYesnogroup, yesnogroupItemKind } from './yesnogroup.js';

export type { AnswerOutcome, RenderContext } from './kind.js';

/** How each kind of item behaves: a literal map, complete by type. */
export const ITEM_KINDS: { readonly [K in ItemKind]: ItemBehaviour<K> } = {
  intro: introKind,
  displaytext: displaytextKind,
  onlychoice: onlychoiceKind,
  yesno: yesnoKind,
  yesnogroup_item: yesnogroupItemKind,
  text: textKind,
  cep_address_lookup: cepAddressLookupKind,
  cep_results: cepResultsKind,
  botao_fim: botaoFimKind,
};

/** How each question type becomes items: a literal map, complete by type. */
export const QUESTION_KINDS: { readonly [T in QuestionType]: CompileQuestion<T> } = {
  onlychoice: compileOnlychoice,
  yesno: compileYesno,
  yesnogroup: compileYesnogroup,
  text: compileText,
  displaytext: compileDisplaytext,
  botao_fim: compileBotaoFim,
  cep_address_lookup: compileCepAddressLookup,
};

export const QUESTION_TYPES = Object.keys(QUESTION_KINDS) as readonly QuestionType[];

function behaviour<K extends ItemKind>(kind: K): ItemBehaviour<K> {
  return ITEM_KINDS[kind];
}

export function isInput(item: QuizItem): boolean {
  return behaviour(item.kind).input;
}

export function takesFreeText(item: QuizItem): boolean {
  return behaviour(item.kind).freeText;
}

export function stepCodeOf<K extends ItemKind>(item: ItemOf<K>): string | null {
  return behaviour<K>(item.kind).stepCode(item);
}

export function renderItem<K extends ItemKind>(item: ItemOf<K>, ctx: RenderContext) {
  return behaviour<K>(item.kind).render(item, ctx);
}

export function answerItem<K extends ItemKind>(
  item: ItemOf<K>,
  value: string,
  responses: RenderContext['responses'],
): AnswerOutcome {
  return behaviour<K>(item.kind).answer(item, value, responses);
}

export function compileQuestion<T extends QuestionType>(
  question: QuestionOf<T>,
  base: { readonly code: string; readonly relevance: string },
  ref: () => string,
): QuizItem[] {
  const compile: CompileQuestion<T> = QUESTION_KINDS[question.type];
  return compile(question, base, ref);
}
