/**
 * What the widget's loader (on the organisation's page) and the chat page in its iframe say to
 * each other with postMessage. The loader trusts only messages from its own iframe at Parley's
 * origin; the page only those from the window that frames it.
 */
export const PROTOCOL = 'parley-chat';

/** From the chat page: it can be shown (`ready`), quick exit, close, storage cleared. */
export interface FromChat {
  readonly protocol: typeof PROTOCOL;
  readonly type: 'ready' | 'exit' | 'close' | 'cleared';
  readonly exitUrl: string;
}

/** From the loader: the panel was opened (focus the input), or clear everything now. */
export interface ToChat {
  readonly protocol: typeof PROTOCOL;
  readonly type: 'open' | 'clear';
}

export function isProtocolMessage<T extends FromChat | ToChat>(data: unknown): data is T {
  return typeof data === 'object' && data !== null && (data as { protocol?: unknown }).protocol === PROTOCOL;
}

/** Esc pressed twice within this long is a quick exit. */
export const DOUBLE_ESCAPE_MS = 1000;

/** Calls `action` when Esc is pressed twice in a row within DOUBLE_ESCAPE_MS. */
export function onDoubleEscape(target: Window, action: () => void): void {
  let last = 0;
  target.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape') return;
      const now = Date.now();
      if (now - last <= DOUBLE_ESCAPE_MS) {
        last = 0;
        action();
      } else last = now;
    },
    true,
  );
}

/** Quick exit leaves only for a web address (never `javascript:` or the like). */
export function isWebUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
