import { type ChatOption, numberedLabel } from '../../common/api/channels.js';
import { CHANNEL_LIMITS } from '../../common/limits.js';
import type { Entry } from './storage.js';
import type { Strings } from './strings.js';

/**
 * The chat page's DOM, built by hand (no framework). The bot's texts are set as textContent:
 * never parsed as HTML.
 */
export interface ViewHandlers {
  send(text: string): void;
  choose(option: ChatOption): void;
  exit(): void;
  retry(): void;
  /** Embedded: the panel's close button. */
  close?: () => void;
}

export interface View {
  show(entries: readonly Entry[]): void;
  add(entry: Entry): void;
  /** A line under the conversation (`role="status"`); with a retry button when asked. */
  status(text: string, retry?: boolean): void;
  /** Replaces the conversation with one notice (cleared after inactivity, unavailable). */
  notice(text: string): void;
  focusInput(): void;
  disable(): void;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className: string, text: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', className, text);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

function header(strings: Strings, handlers: ViewHandlers): HTMLElement {
  const head = element('header', 'pc-head');
  head.append(element('h1', 'pc-title', strings.title));
  const exit = button('pc-exit', strings.exit, handlers.exit);
  exit.title = strings.exitHelp;
  exit.setAttribute('aria-describedby', 'pc-exit-help');
  const help = element('span', 'pc-sr', strings.exitHelp);
  help.id = 'pc-exit-help';
  head.append(exit, help);
  if (handlers.close) {
    const close = button('pc-close', '×', handlers.close);
    close.setAttribute('aria-label', strings.close);
    close.title = strings.close;
    head.append(close);
  }
  return head;
}

function composer(
  strings: Strings,
  handlers: ViewHandlers,
): { form: HTMLFormElement; input: HTMLInputElement } {
  const form = element('form', 'pc-form');
  const label = element('label', 'pc-label', strings.input);
  label.htmlFor = 'pc-input';
  const input = element('input', 'pc-input');
  input.id = 'pc-input';
  input.type = 'text';
  input.autocomplete = 'off';
  input.maxLength = CHANNEL_LIMITS.textMax;
  const send = element('button', 'pc-send', strings.send);
  send.type = 'submit';
  form.append(label, input, send);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    handlers.send(text);
  });
  return { form, input };
}

export function createView(root: HTMLElement, strings: Strings, handlers: ViewHandlers): View {
  const main = element('main', 'pc-main');
  const note = element('p', 'pc-note', strings.notice);
  const log = element('div', 'pc-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', strings.log);
  // The log scrolls: keyboard users must be able to reach it.
  log.tabIndex = 0;
  const statusLine = element('div', 'pc-status');
  statusLine.setAttribute('role', 'status');
  const { form, input } = composer(strings, handlers);
  main.append(note, log, statusLine, form);
  root.replaceChildren(header(strings, handlers), main);

  const options = (entry: Entry, node: HTMLElement) => {
    if (!entry.options?.length) return;
    const group = element('div', 'pc-options');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', strings.answers);
    entry.options.forEach((option, index) => {
      group.append(
        button('pc-option', numberedLabel(option.label, index), () => {
          group.remove();
          handlers.choose(option);
          input.focus();
        }),
      );
    });
    node.append(group);
  };
  const add = (entry: Entry) => {
    log.querySelector('.pc-empty')?.remove();
    // Only the newest message's buttons act (the bot ignores older ones): the rest go.
    if (entry.who === 'bot') for (const group of log.querySelectorAll('.pc-options')) group.remove();
    const node = element('div', `pc-entry pc-${entry.who}`);
    node.append(element('span', 'pc-sr', entry.who === 'bot' ? strings.bot : strings.you));
    node.append(element('p', 'pc-text', entry.text));
    if (entry.who === 'bot') options(entry, node);
    log.append(node);
    log.scrollTop = log.scrollHeight;
  };
  const status = (text: string, retry = false) => {
    statusLine.replaceChildren(text);
    if (retry) statusLine.append(' ', button('pc-retry', strings.retry, handlers.retry));
  };
  const show = (entries: readonly Entry[]) => {
    log.replaceChildren();
    if (entries.length === 0) log.append(element('p', 'pc-empty', strings.empty));
    for (const entry of entries) add(entry);
  };
  return {
    show,
    add,
    status,
    notice(text) {
      show([]);
      log.replaceChildren(element('p', 'pc-empty', text));
      status('');
    },
    focusInput: () => input.focus(),
    disable() {
      form.remove();
      log.replaceChildren(element('p', 'pc-empty', strings.unavailable));
    },
  };
}
