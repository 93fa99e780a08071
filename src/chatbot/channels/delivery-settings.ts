import type { DeliverySettingsBody } from '../../../common/api/chatbot.js';
import type { Db } from '../../db/index.js';
import type { BotRow } from '../../db/rows.js';
import { Invalid, NotFound } from '../../errors.js';

/**
 * A bot's delivery settings: the " [i/n]" suffix and the pause between the messages of a turn. The
 * delivery loop reads them with every claim, so a change applies to messages not yet sent.
 */
export async function updateDeliverySettings(
  db: Db,
  botId: number,
  changes: DeliverySettingsBody,
): Promise<Pick<BotRow, 'number_messages' | 'message_delay_ms'>> {
  if (changes.number_messages === undefined && changes.message_delay_ms === undefined)
    throw nothingToChange(['number_messages', 'message_delay_ms']);
  const updated = await db
    .updateTable('bots')
    .set({
      ...(changes.number_messages === undefined ? {} : { number_messages: changes.number_messages }),
      ...(changes.message_delay_ms === undefined ? {} : { message_delay_ms: changes.message_delay_ms }),
      updated_at: new Date(),
    })
    .where('id', '=', botId)
    .returning(['number_messages', 'message_delay_ms'])
    .executeTakeFirst();
  if (!updated) throw new NotFound('Bot');
  return updated;
}

/** A change that names none of the fields it may change (unknown fields are dropped by the schema). */
export function nothingToChange(fields: readonly string[]): Invalid {
  return new Invalid(
    `Nothing to change: give ${fields.join(' or ')}.`,
    [
      {
        path: 'body',
        message: 'must have at least 1 entries',
        keyword: 'minProperties',
        params: { limit: 1 },
      },
    ],
    'validation_failed',
  );
}
