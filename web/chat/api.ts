import { CHAT_TOKEN_HEADER, type ChatMessages } from '../../common/api/channels.js';

/**
 * The visitor's side of `/api/chat/:bot/…`. The token goes in a header, never in a URL. Replies
 * come as server-sent events read with fetch (EventSource cannot send headers); when the stream
 * does not work (a proxy that buffers it), the chat polls.
 */
export type SendResult = 'ok' | 'limited' | 'unavailable' | 'failed';

export class Unavailable extends Error {}

export class ChatApi {
  constructor(
    private readonly bot: number,
    private readonly token: () => string,
  ) {}

  private headers(): Record<string, string> {
    return { [CHAT_TOKEN_HEADER]: this.token() };
  }

  async send(body: { id: string; text: string } | { id: string; choose: string }): Promise<SendResult> {
    try {
      const response = await fetch(`/api/chat/${this.bot}/messages`, {
        method: 'POST',
        headers: { ...this.headers(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) return 'ok';
      if (response.status === 429) return 'limited';
      if (response.status === 404) return 'unavailable';
      return 'failed';
    } catch {
      return 'failed';
    }
  }

  async poll(after: number, signal: AbortSignal): Promise<ChatMessages> {
    const response = await fetch(`/api/chat/${this.bot}/messages?after=${after}`, {
      headers: this.headers(),
      cache: 'no-store',
      signal,
    });
    if (response.status === 404) throw new Unavailable();
    if (!response.ok) throw new Error(`poll: ${response.status}`);
    return (await response.json()) as ChatMessages;
  }

  /** Reads the stream until it ends; `onPage` for each event. Throws when it cannot be opened. */
  async stream(after: number, onPage: (page: ChatMessages) => void, signal: AbortSignal): Promise<void> {
    const response = await fetch(`/api/chat/${this.bot}/stream?after=${after}`, {
      headers: { ...this.headers(), accept: 'text/event-stream' },
      cache: 'no-store',
      signal,
    });
    if (response.status === 404) throw new Unavailable();
    if (!response.ok || !response.body) throw new Error(`stream: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    // The server writes a comment every 15 s: silence for longer means the connection is gone.
    let silent: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(silent);
      silent = setTimeout(() => void reader.cancel(), 40_000);
    };
    try {
      for (watch(); ; watch()) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        const events = buffer.split('\n\n');
        buffer = events.pop() ?? '';
        for (const event of events) {
          const data = dataOf(event);
          if (data) onPage(JSON.parse(data) as ChatMessages);
        }
      }
    } finally {
      clearTimeout(silent);
    }
  }
}

/** The `data:` lines of one event, joined; '' for a comment. */
export function dataOf(event: string): string {
  return event
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''))
    .join('\n');
}
