import type { ChatMessages } from '../../common/api/channels.js';
import { type ChatApi, Unavailable } from './api.js';

export interface FollowHandlers {
  /** The id of the last message shown: the server sends what comes after it. */
  after(): number;
  page(page: ChatMessages): void;
  /** True once a connection is lost (shown to the visitor), false once it works again. */
  trouble(lost: boolean): void;
  unavailable(): void;
}

const POLL_MS = 2000;
const MAX_BACKOFF_MS = 15_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Receives the bot's messages until `signal` aborts: by the stream, reopened from the last
 * message whenever it ends; after two attempts in a row that got nothing, by polling instead.
 * Errors back off, doubling up to 15 s.
 */
export async function follow(api: ChatApi, handlers: FollowHandlers, signal: AbortSignal): Promise<void> {
  let failures = 0;
  let polling = false;
  const page = (page: ChatMessages) => {
    failures = 0;
    handlers.trouble(false);
    handlers.page(page);
  };
  while (!signal.aborted) {
    let got = false;
    try {
      if (polling) {
        page(await api.poll(handlers.after(), signal));
        got = true;
        await sleep(POLL_MS, signal);
      } else {
        await api.stream(
          handlers.after(),
          (p) => {
            got = true;
            page(p);
          },
          signal,
        );
      }
    } catch (error) {
      if (error instanceof Unavailable) return handlers.unavailable();
    }
    if (got || signal.aborted) continue;
    failures++;
    if (failures >= 2) polling = true;
    if (failures >= 3) handlers.trouble(true);
    await sleep(Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures), signal);
  }
}
