import { Type } from 'typebox';
import {
  BundleDiffView,
  DiffQuery,
  DraftView,
  PublishDraftBody,
  SaveDraftBody,
} from '../../../common/api/bot-studio.js';
import { BotParams, RevisionSummary } from '../../../common/api/chatbot.js';
import { actorOf } from '../../http/request.js';
import type { App, AppDeps } from '../../http/types.js';
import { presentRevisionSummary } from '../presenters.js';
import { findRevision, requireBot } from '../queries.js';
import { diffSides, parseDiffSide } from './diff.js';
import { presentDiff, presentDraft } from './presenters.js';
import { discardDraft, publishDraft } from './publish-draft.js';
import { saveDraft } from './save-draft.js';
import { loadDraft } from './store.js';

const admin = { access: ['admin'] as const };
const tags = ['chatbots'];

/** A bot's draft, publishing it, and the diff between revisions (docs/chatbot-studio.md). */
export function draftRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/bots/:id/draft',
    {
      config: admin,
      schema: {
        tags,
        summary: "The bot's draft (or its current revision when nothing is drafted), with its validation",
        params: BotParams,
        response: { 200: DraftView },
      },
    },
    async (request) => presentDraft(await loadDraft(deps.db, await requireBot(deps.db, request.params.id))),
  );

  app.put(
    '/api/bots/:id/draft',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Save the draft (the whole bundle; 409 stale_draft when someone saved since `version`)',
        params: BotParams,
        body: SaveDraftBody,
        response: { 200: DraftView },
      },
    },
    async (request) => {
      const { id } = request.params;
      await saveDraft(deps.db, { botId: id, ...request.body, actorId: actorOf(request).id });
      return presentDraft(await loadDraft(deps.db, await requireBot(deps.db, id)));
    },
  );

  app.delete(
    '/api/bots/:id/draft',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Discard the draft',
        params: BotParams,
        response: { 204: Type.Null({ description: 'No content' }) },
      },
    },
    async (request, reply) => {
      await requireBot(deps.db, request.params.id);
      await discardDraft(deps.db, request.params.id);
      return reply.code(204).send(null);
    },
  );

  publishRoute(app, deps);
  diffRoute(app, deps);
}

function publishRoute(app: App, deps: AppDeps): void {
  app.post(
    '/api/bots/:id/draft/publish',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Publish the draft as the next revision (422 lists every error with its JSON path)',
        params: BotParams,
        body: PublishDraftBody,
        response: { 201: RevisionSummary },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const added = await publishDraft(deps.db, {
        botId: id,
        version: request.body.version,
        currentRevision: request.body.current_revision,
        actorId: actorOf(request).id,
      });
      const revision = await findRevision(deps.db, id, added.number);
      return reply.code(201).send(presentRevisionSummary(revision ?? { ...added, created_by_name: null }));
    },
  );
}

function diffRoute(app: App, deps: AppDeps): void {
  app.get(
    '/api/bots/:id/diff',
    {
      config: admin,
      schema: {
        tags,
        summary: 'What changed between two revisions (`from`, `to`: a number or `draft`)',
        params: BotParams,
        querystring: DiffQuery,
        response: { 200: BundleDiffView },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      const { from, to } = request.query;
      return presentDiff(from, to, await diffSides(deps.db, bot, parseDiffSide(from), parseDiffSide(to)));
    },
  );
}
