/**
 * The chatbot domain: bots and their revisions, PenhaS and bundle imports, the runtime (the
 * imperative shell around the pure engine in engine/), timeouts, analytics storage and the
 * simulator. These named exports are its contract with the rest of Parley.
 */
export { type BundleFile, checkBundle, toBundleFile } from './bundle-file.js';
export { apiChannelRoutes } from './channels/api/routes.js';
export { messagingChannelRoutes } from './channels/messaging-routes.js';
export { registerTelegramWebhook } from './channels/telegram/register.js';
export { registerTwitterWebhook } from './channels/twitter/register.js';
export { webAdapter, webChatRoutes } from './channels/web/index.js';
export { createBot } from './commands/create-bot.js';
export { importBundle } from './commands/import-bundle.js';
export { type BotImportOutcome, importPenhas } from './commands/import-penhas.js';
export { revertRevision } from './commands/revert-revision.js';
export { saveRevision } from './commands/save-revision.js';
export { type DeliveryFailureRow, listFailures, retryFailed } from './delivery/failures.js';
export { DELIVERY_CONCURRENCY, type DeliveryLoop } from './delivery/loop.js';
export { startChatbotDelivery } from './delivery/start.js';
export { seedDemoBotConversations } from './demo/conversations.js';
export { DEMO_BOT_NAME, seedDemoBot } from './demo/index.js';
export type { BotBundle, LookupResult, MessageOption, OutgoingMessage } from './engine/index.js';
export { type BotIssue, formatIssue, InvalidBot } from './issues.js';
export { parseJsonText } from './json-text.js';
export { type CepLookup, sampleLookup, tableLookup } from './lookup.js';
export type { PenhasFiles } from './penhas-files.js';
export { purgeGeocodeCache } from './places/cache.js';
export { supportPointRoutes } from './places/routes.js';
export { findBotByName, findBotByRef, listBots, listRevisions } from './queries.js';
export { deleteTranscriptsOlderThan, eraseEndedAddresses } from './retention.js';
export { readRevision, revisionCache } from './revisions.js';
export { chatbotRoutes } from './routes.js';
export {
  type Delivered,
  type InboundEvent,
  type RuntimeDeps,
  receive,
  resumeConversation,
} from './runtime.js';
export { NEW_SIMULATION, type SimStep, type Simulation, simulate } from './simulator.js';
export { sweepTimeouts, sweepTimeoutsFor } from './timeouts.js';
export { userKeyOf } from './user-key.js';
