import type { ChannelKind } from '../../../common/api/channels.js';
import type { BotChannelRow } from '../../db/rows.js';
import { NotFound } from '../../errors.js';
import type { AppDeps } from '../../http/types.js';
import { findChannel, openCredentials } from './manage.js';
import { boxesOf } from './runtime-deps.js';

/** How long a channel row (and what was opened of it) is reused before it is read again. */
const CHANNEL_CACHE_MS = 2_000;

export interface OpenedChannel<C> {
  readonly channel: BotChannelRow;
  /** The channel's signing secret (webhook secret, verify token…), opened; '' when it has none. */
  readonly secret: string;
  /** The remote service's credentials, opened; null when none were given. */
  readonly credentials: C | null;
}

/**
 * Enabled channels of one kind by id, their secrets opened, kept a moment (webhooks come in
 * bursts). Anything else (no such channel, another kind, disabled) is 404 `channel_unavailable`.
 */
export function channelCache<C>(deps: Pick<AppDeps, 'db' | 'config'>, kind: ChannelKind) {
  const box = boxesOf(deps.config.secret).channelSecrets;
  const cache = new Map<number, { at: number; opened: OpenedChannel<C> | null }>();
  return {
    async get(id: number): Promise<OpenedChannel<C>> {
      const now = Date.now();
      let entry = cache.get(id);
      if (!entry || now - entry.at > CHANNEL_CACHE_MS) {
        const channel = await findChannel(deps.db, id);
        const usable = channel && channel.kind === kind && channel.enabled;
        entry = {
          at: now,
          opened: usable
            ? {
                channel,
                secret: channel.secret ? box.open(channel.secret) : '',
                credentials: openCredentials<C>(box, channel.credentials),
              }
            : null,
        };
        if (cache.size > 1000) cache.clear();
        cache.set(id, entry);
      }
      if (!entry.opened) throw new NotFound('Channel', 'channel_unavailable');
      return entry.opened;
    },
  };
}
