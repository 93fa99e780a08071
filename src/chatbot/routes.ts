import { Type } from 'typebox';
import {
  BotDetail,
  BotImportView,
  BotList,
  BotParams,
  CreateBotBody,
  ImportBundleBody,
  ImportPenhasBody,
  RevisionParams,
  RevisionSummary,
  RevisionView,
  SaveRevisionBody,
  SimulateBody,
  SimulateView,
  ValidateBody,
  ValidationView,
} from '../../common/api/chatbot.js';
import type { Db } from '../db/index.js';
import type { BotRevisionRow } from '../db/rows.js';
import { NotFound } from '../errors.js';
import { actorOf } from '../http/request.js';
import type { App, AppDeps } from '../http/types.js';
import { checkBundle, toBundleFile } from './bundle-file.js';
import { channelAdminRoutes } from './channels/routes.js';
import { createBot } from './commands/create-bot.js';
import { importBundle } from './commands/import-bundle.js';
import { importPenhas } from './commands/import-penhas.js';
import { revertRevision } from './commands/revert-revision.js';
import { saveRevision } from './commands/save-revision.js';
import { conversationRoutes } from './conversations/routes.js';
import { draftRoutes } from './drafts/routes.js';
import { simulationSource } from './drafts/simulation.js';
import { dropOffRoutes } from './drop-off/routes.js';
import { configuredLookup } from './places/configured.js';
import {
  presentBot,
  presentBotImport,
  presentBotSummary,
  presentRevision,
  presentRevisionSummary,
  presentSimulation,
  presentValidation,
} from './presenters.js';
import { findRevision, listBots, listRevisions, requireBot } from './queries.js';
import { revisionCache } from './revisions.js';
import { NEW_SIMULATION, simulate } from './simulator.js';
import { decodeSimulation, encodeSimulation } from './simulator-session.js';

const admin = { access: ['admin'] as const };
const tags = ['chatbots'];

/** Bots, their revisions, imports and the simulator (admins only: AREAS.chatbots). */
export function chatbotRoutes(app: App, deps: AppDeps): void {
  botRoutes(app, deps);
  revisionRoutes(app, deps);
  importRoutes(app, deps);
  simulatorRoutes(app, deps);
  channelAdminRoutes(app, deps);
  conversationRoutes(app, deps);
  draftRoutes(app, deps);
  dropOffRoutes(app, deps);
}

/** A revision just added (saved or reverted), as the history lists it: with its author's name. */
async function presentAddedRevision(db: Db, botId: number, added: BotRevisionRow): Promise<RevisionSummary> {
  const revision = await findRevision(db, botId, added.number);
  return presentRevisionSummary(revision ?? { ...added, created_by_name: null });
}

function botRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/bots',
    { config: admin, schema: { tags, summary: 'List bots', response: { 200: BotList } } },
    async () => ({ bots: (await listBots(deps.db)).map(presentBotSummary) }),
  );

  app.post(
    '/api/bots',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a bot (a starter config as revision 1)',
        body: CreateBotBody,
        response: { 201: BotDetail },
      },
    },
    async (request, reply) => {
      const bot = await createBot(deps.db, { name: request.body.name, actorId: actorOf(request).id });
      return reply.code(201).send(presentBot(bot, await listRevisions(deps.db, bot.id)));
    },
  );

  app.get(
    '/api/bots/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'A bot and its revision history',
        params: BotParams,
        response: { 200: BotDetail },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      return presentBot(bot, await listRevisions(deps.db, bot.id));
    },
  );

  app.get(
    '/api/bots/:id/export',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The current revision as a bundle file',
        params: BotParams,
        response: { 200: Type.Unknown() },
      },
    },
    async (request, reply) => {
      const bot = await requireBot(deps.db, request.params.id);
      if (bot.current_revision_id === null) throw new NotFound('Revision');
      const { bundle } = await revisionCache.load(deps.db, bot.current_revision_id);
      const file = `${bot.name.replace(/[^\p{L}\p{N}_-]+/gu, '-')}.json`;
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file)}`);
      return toBundleFile(bot.name, bundle);
    },
  );
}

function revisionRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/bots/:id/revisions/:number',
    {
      config: admin,
      schema: {
        tags,
        summary: 'One revision: its bundle and questionnaire tables',
        params: RevisionParams,
        response: { 200: RevisionView },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      const revision = await findRevision(deps.db, bot.id, request.params.number);
      if (!revision) throw new NotFound(`Revision ${request.params.number}`);
      const { bundle } = await revisionCache.load(deps.db, revision.id);
      return presentRevision(bot, revision, bundle);
    },
  );

  app.post(
    '/api/bots/:id/revisions',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Save a new revision (validated; 422 lists every error with its JSON path)',
        params: BotParams,
        body: SaveRevisionBody,
        response: { 201: RevisionSummary },
      },
    },
    async (request, reply) => {
      const saved = await saveRevision(deps.db, {
        botId: request.params.id,
        bundle: request.body.bundle,
        baseRevision: request.body.base_revision,
        actorId: actorOf(request).id,
      });
      return reply.code(201).send(await presentAddedRevision(deps.db, request.params.id, saved));
    },
  );

  app.post(
    '/api/bots/:id/revisions/:number/revert',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Make a new revision that copies an old one',
        params: RevisionParams,
        response: { 201: RevisionSummary },
      },
    },
    async (request, reply) => {
      const { id, number } = request.params;
      const reverted = await revertRevision(deps.db, { botId: id, number, actorId: actorOf(request).id });
      return reply.code(201).send(await presentAddedRevision(deps.db, id, reverted));
    },
  );

  app.post(
    '/api/bots/validate',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Validate a bundle without saving it',
        body: ValidateBody,
        response: { 200: ValidationView },
      },
    },
    async (request) => presentValidation(checkBundle(request.body.bundle)),
  );
}

function importRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/bots/import',
    {
      config: admin,
      schema: {
        tags,
        summary: "Import a bundle in Parley's format",
        body: ImportBundleBody,
        response: { 201: BotImportView },
      },
    },
    async (request, reply) => {
      const outcome = await importBundle(deps.db, {
        bundle: request.body.bundle,
        botName: request.body.name,
        actorId: actorOf(request).id,
      });
      return reply.code(201).send(presentBotImport(outcome));
    },
  );

  app.post(
    '/api/bots/import-penha',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Import a PenhaS bot config and its quiz_config rows (422 lists every problem)',
        body: ImportPenhasBody,
        response: { 201: BotImportView },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const outcome = await importPenhas(deps.db, {
        botName: body.bot,
        files: {
          config: body.config,
          quiz: body.quiz,
          quizFormat: body.quiz_format,
          questionnaireId: body.questionnaire_id,
        },
        actorId: actorOf(request).id,
      });
      return reply.code(201).send(presentBotImport(outcome));
    },
  );
}

function simulatorRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/bots/:id/simulate',
    {
      config: admin,
      schema: {
        tags,
        summary: 'One step of a simulated conversation (nothing is stored; send back `session`)',
        params: BotParams,
        body: SimulateBody,
        response: { 200: SimulateView },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      const { session, input } = request.body;
      const token = session === undefined ? null : decodeSimulation(deps.config.secret, session);
      const source = await simulationSource(deps.db, bot, {
        token,
        revision: request.body.revision,
        draft: request.body.draft,
      });
      const step = await simulate(source.bundle, token?.simulation ?? NEW_SIMULATION, input, {
        lookup: configuredLookup(deps.db, deps.config, app.log),
        realNow: deps.now().getTime(),
      });
      const next = encodeSimulation(deps.config.secret, {
        revisionId: source.revisionId,
        draft: source.draft ?? undefined,
        simulation: step.simulation,
      });
      return presentSimulation(step, next, source.revision, source.draft !== null);
    },
  );
}
