import type { Db } from '../../db/index.js';
import type { Notifications } from '../../db/listener.js';
import { channelAdapters } from '../channels/adapters.js';
import { boxesOf } from '../channels/runtime-deps.js';
import { type DeliveryLoop, startDelivery } from './loop.js';

/** The delivery loop of a `parley serve` or `parley worker` process, with every channel's sender. */
export function startChatbotDelivery(options: {
  db: Db;
  secret: string;
  notifications?: Notifications;
  log?: { error(object: object, message: string): void };
}): DeliveryLoop {
  return startDelivery({
    db: options.db,
    adapters: channelAdapters(options.secret),
    addresses: boxesOf(options.secret).addresses,
    ...(options.notifications ? { notifications: options.notifications } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
