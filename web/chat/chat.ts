import './chat.css';
import { type ChatMessages, type ChatOption, DEFAULT_EXIT_URL } from '../../common/api/channels.js';
import { ChatApi } from './api.js';
import { follow } from './follow.js';
import {
  type FromChat,
  isProtocolMessage,
  isWebUrl,
  onDoubleEscape,
  PROTOCOL,
  type ToChat,
} from './protocol.js';
import { drop, dropAll, type Entry, IDLE_MS, loadSaved, newMessageId, newToken, save } from './storage.js';
import { pickLanguage, STRINGS, type Strings } from './strings.js';
import { createView, type View } from './view.js';

type Input = { text: string } | { choose: string };

interface Page {
  readonly bot: number;
  readonly strings: Strings;
  readonly exitUrl: string;
  /** In the widget's iframe rather than the standalone page. */
  readonly embed: boolean;
}

/**
 * The chat page's behaviour (docs/web-chat.md): sending in order with retries (each message keeps
 * its id, so a retry is processed once), receiving by stream or polling, keeping the running
 * conversation's transcript in sessionStorage and forgetting it when it ends or goes idle, and
 * quick exit.
 */
class Chat {
  private token: string | null = null;
  private after = 0;
  private entries: Entry[] = [];
  /** Index of the first entry of the running conversation; null while nothing is kept. */
  private keptFrom: number | null = null;
  /** Index of the entry that began the newest conversation (the first message after an end). */
  private begun = 0;
  private activity = Date.now();
  private following: AbortController | null = null;
  private readonly queue: { id: string; input: Input }[] = [];
  private sending = false;
  /** The connection for replies is down (the visitor is told). */
  private lost = false;
  private readonly api: ChatApi;
  private readonly view: View;

  constructor(
    root: HTMLElement,
    private readonly page: Page,
  ) {
    this.api = new ChatApi(page.bot, () => this.token ?? '');
    this.view = createView(root, page.strings, {
      send: (text) => this.enqueue({ text }, text),
      choose: (option: ChatOption) => this.enqueue({ choose: option.value }, option.label),
      exit: () => this.quickExit(),
      retry: () => void this.flush(),
      ...(page.embed ? { close: () => this.tell('close') } : {}),
    });
  }

  start(): void {
    const saved = loadSaved(this.page.bot);
    if (saved && Date.now() - saved.activity > IDLE_MS) {
      drop(this.page.bot);
      this.view.notice(this.page.strings.idle);
    } else if (saved) {
      this.token = saved.token;
      this.after = saved.after;
      this.entries = [...saved.entries];
      this.keptFrom = 0;
      this.activity = saved.activity;
      this.view.show(this.entries);
      this.ensureFollowing();
    } else this.view.show([]);
    onDoubleEscape(window, () => this.quickExit());
    // Timers sleep in a hidden tab: look again when it is shown.
    setInterval(() => this.checkIdle(), 10_000);
    document.addEventListener('visibilitychange', () => this.checkIdle());
    if (this.page.embed) this.listenToLoader();
  }

  private listenToLoader(): void {
    window.addEventListener('message', (event) => {
      if (event.source !== window.parent || !isProtocolMessage<ToChat>(event.data)) return;
      if (event.data.type === 'open') this.view.focusInput();
      if (event.data.type === 'clear') {
        this.wipe();
        this.tell('cleared');
      }
    });
    this.tell('ready');
  }

  private tell(type: FromChat['type']): void {
    const message: FromChat = { protocol: PROTOCOL, type, exitUrl: this.page.exitUrl };
    // Nothing secret: any page allowed to frame this one (CSP frame-ancestors) may read it.
    window.parent.postMessage(message, '*');
  }

  private enqueue(input: Input, shown: string): void {
    if (!this.token) this.token = newToken();
    if (this.keptFrom === null) {
      this.keptFrom = this.entries.length;
      this.begun = this.entries.length;
    }
    this.add({ who: 'me', text: shown });
    this.view.status('');
    this.queue.push({ id: newMessageId(), input });
    void this.flush();
    this.ensureFollowing();
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (let next = this.queue[0]; next; next = this.queue[0]) {
        const result = await this.api.send({ id: next.id, ...next.input });
        if (result === 'unavailable') return this.unavailable();
        if (result !== 'ok') {
          const { limited, failed } = this.page.strings;
          return this.view.status(result === 'limited' ? limited : failed, true);
        }
        this.queue.shift();
      }
      this.view.status('');
    } finally {
      this.sending = false;
    }
  }

  private ensureFollowing(): void {
    if (this.following || !this.token) return;
    const following = new AbortController();
    this.following = following;
    void follow(
      this.api,
      {
        after: () => this.after,
        page: (page) => this.receive(page),
        trouble: (lost) => {
          if (lost === this.lost) return;
          this.lost = lost;
          this.view.status(lost ? this.page.strings.reconnecting : '');
        },
        unavailable: () => this.unavailable(),
      },
      following.signal,
    );
  }

  private receive(page: ChatMessages): void {
    for (const message of page.messages) {
      if (message.id <= this.after) continue;
      this.after = message.id;
      this.add({ who: 'bot', text: message.text, options: message.options });
    }
    if (page.ended && this.keptFrom !== null) {
      // Still shown until the page closes (and "back to start" still works), no longer kept.
      this.keptFrom = null;
      drop(this.page.bot);
      this.view.status(this.page.strings.ended);
    } else if (!page.ended && this.keptFrom === null && this.token) {
      this.keptFrom = this.begun;
      this.persist();
    }
  }

  private add(entry: Entry): void {
    this.entries.push(entry);
    this.activity = Date.now();
    this.view.add(entry);
    this.persist();
  }

  private persist(): void {
    if (this.keptFrom === null || !this.token) return;
    save(this.page.bot, {
      token: this.token,
      after: this.after,
      entries: this.entries.slice(this.keptFrom),
      activity: this.activity,
    });
  }

  private checkIdle(): void {
    if (!this.token || Date.now() - this.activity <= IDLE_MS) return;
    this.wipe();
    this.view.notice(this.page.strings.idle);
  }

  /** Forgets the conversation: storage, token, transcript, connection. */
  private wipe(): void {
    dropAll();
    this.following?.abort();
    this.following = null;
    this.token = null;
    this.after = 0;
    this.entries = [];
    this.keptFrom = null;
    this.begun = 0;
    this.queue.length = 0;
  }

  private quickExit(): void {
    this.wipe();
    this.view.show([]);
    if (!this.page.embed) {
      location.replace(this.page.exitUrl);
      return;
    }
    // The loader replaces the organisation's page; should it not, at least this one goes.
    this.tell('exit');
    setTimeout(() => location.replace('about:blank'), 1000);
  }

  private unavailable(): void {
    this.wipe();
    this.view.disable();
  }
}

function main(): void {
  const data = document.body.dataset;
  const lang = pickLanguage(new URLSearchParams(location.search).get('lang'), navigator.language);
  const strings = STRINGS[lang];
  document.documentElement.lang = lang;
  document.title = strings.title;
  const root = document.createElement('div');
  root.className = 'pc-app';
  document.body.append(root);
  const page: Page = {
    bot: Number(data.bot),
    strings,
    exitUrl: isWebUrl(data.exit) ? data.exit : DEFAULT_EXIT_URL,
    embed: data.embed === '1',
  };
  if (data.unavailable === '1') {
    // Embedded, the loader shows no button for a chat that is not there (no `ready`).
    const exit = () => location.replace(page.exitUrl);
    createView(root, strings, { send() {}, choose() {}, retry() {}, exit }).disable();
    return;
  }
  new Chat(root, page).start();
}

main();
