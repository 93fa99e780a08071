import { CHANNEL_LIMITS } from '../../common/limits.js';

/**
 * Every text the web chat shows (the widget's loader and the chat page), in both languages. The
 * chat loads no framework and no translation files: this table is all of it.
 */
export type Lang = 'en' | 'pt-BR';

const minutes = CHANNEL_LIMITS.webIdleMinutes;

const en = {
  title: 'Chat',
  launcher: 'Chat',
  exit: 'Quick exit',
  exitHelp: 'Leaves this site at once. You can also press Esc twice.',
  close: 'Close the chat',
  notice: `This chat is not kept on this device once it ends, or after ${minutes} minutes without activity.`,
  log: 'Conversation',
  bot: 'Bot:',
  you: 'You:',
  answers: 'Answers',
  input: 'Your message',
  send: 'Send',
  empty: 'Write a message to start.',
  sending: 'Sending…',
  failed: 'Your message was not sent. Check your connection and try again.',
  retry: 'Try again',
  limited: 'Too many messages in a short time. Wait a minute and try again.',
  reconnecting: 'Connection lost. Trying again…',
  ended: 'The conversation has ended. It is no longer kept on this device.',
  idle: `The conversation was cleared after ${minutes} minutes without activity. Write a message to start again.`,
  unavailable: 'This chat is not available.',
};

export type Strings = typeof en;

const ptBR: Strings = {
  title: 'Chat',
  launcher: 'Conversar',
  exit: 'Saída rápida',
  exitHelp: 'Sai deste site na hora. Você também pode apertar Esc duas vezes.',
  close: 'Fechar o chat',
  notice: `Esta conversa não fica guardada neste aparelho depois que termina, nem após ${minutes} minutos sem atividade.`,
  log: 'Conversa',
  bot: 'Bot:',
  you: 'Você:',
  answers: 'Respostas',
  input: 'Sua mensagem',
  send: 'Enviar',
  empty: 'Escreva uma mensagem para começar.',
  sending: 'Enviando…',
  failed: 'Sua mensagem não foi enviada. Verifique sua conexão e tente de novo.',
  retry: 'Tentar de novo',
  limited: 'Muitas mensagens em pouco tempo. Espere um minuto e tente de novo.',
  reconnecting: 'A conexão caiu. Tentando de novo…',
  ended: 'A conversa terminou. Ela não fica mais guardada neste aparelho.',
  idle: `A conversa foi apagada após ${minutes} minutos sem atividade. Escreva uma mensagem para começar de novo.`,
  unavailable: 'Este chat não está disponível.',
};

export const STRINGS: Readonly<Record<Lang, Strings>> = { en, 'pt-BR': ptBR };

/** `?lang=` (or the embed code's `data-lang`) when given, else the browser's language. */
export function pickLanguage(asked: string | null | undefined, browser: string | undefined): Lang {
  const wanted = asked || browser || '';
  return wanted.trim().toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}
