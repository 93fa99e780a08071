import type { ChatOption } from '../../common/api/channels.js';
import { CHANNEL_LIMITS } from '../../common/limits.js';

/**
 * The transcript of the running conversation, kept in sessionStorage (this tab only) so that a
 * reload or another page of the site shows it again. Never after the conversation has ended, nor
 * after CHANNEL_LIMITS.webIdleMinutes without activity: someone else may pick up the device.
 */
export interface Entry {
  readonly who: 'bot' | 'me';
  readonly text: string;
  readonly options?: readonly ChatOption[];
}

export interface Saved {
  readonly token: string;
  /** The id of the last bot message shown. */
  readonly after: number;
  readonly entries: readonly Entry[];
  /** When the visitor last sent or received a message (ms since the epoch). */
  readonly activity: number;
}

export const IDLE_MS = CHANNEL_LIMITS.webIdleMinutes * 60_000;

const keyOf = (bot: number) => `parley-chat:${bot}`;

/** Storage may be refused (privacy settings): the chat then keeps everything in memory only. */
function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadSaved(bot: number): Saved | null {
  try {
    const text = storage()?.getItem(keyOf(bot));
    if (!text) return null;
    const saved = JSON.parse(text) as Saved;
    if (typeof saved.token !== 'string' || !Array.isArray(saved.entries)) return null;
    return saved;
  } catch {
    return null;
  }
}

export function save(bot: number, saved: Saved): void {
  try {
    storage()?.setItem(keyOf(bot), JSON.stringify(saved));
  } catch {
    // Full or refused: the chat goes on in memory.
  }
}

export function drop(bot: number): void {
  try {
    storage()?.removeItem(keyOf(bot));
  } catch {
    // Nothing was kept.
  }
}

/** Quick exit: everything this origin keeps in the tab. */
export function dropAll(): void {
  try {
    storage()?.clear();
  } catch {
    // Nothing was kept.
  }
}

/** base64url of `bytes` random bytes (crypto.getRandomValues). */
export function randomId(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...random))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The visitor's anonymous token: 192 random bits. */
export const newToken = () => randomId(24);
/** A message's id: a retried send carries the same one, so it is processed once. */
export const newMessageId = () => randomId(16);
