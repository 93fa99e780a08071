import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { checkBundle } from '../bundle-file.js';
import { addChannel } from '../channels/manage.js';
import { addRevision, botForImport } from '../commands/add-revision.js';
import demoBundle from './demo-bot.json' with { type: 'json' };

/**
 * The demo bot: a small bot in Brazilian Portuguese written for Parley that exercises every
 * question type and the PenhaS idiom (option value = next question's code, `PARENT==_self`
 * relevances, FIM_ and RESET_ buttons). The same file is the engine's golden-transcript fixture.
 */
export const DEMO_BOT_NAME = 'Demonstração';

/** Adds the demo bot when no bot of that name exists (inside the demo's transaction). */
export async function seedDemoBot(trx: Transaction<Database>): Promise<boolean> {
  const checked = checkBundle(demoBundle);
  if (!checked.ok) throw new Error(`the demo bot is invalid: ${JSON.stringify(checked.errors)}`);
  const bot = await botForImport(trx, DEMO_BOT_NAME);
  if (bot.current_revision_id !== null) return false;
  await addRevision(trx, { bot, bundle: checked.bundle, source: 'demo', actorId: null });
  // Its web chat, so /chat/<id> works at once (no site may embed it until one is allowed).
  await addChannel(trx, null, { botId: bot.id, kind: 'web', settings: { allowed_origins: [] } });
  return true;
}
