import type { TSchema } from 'typebox';
import {
  CampaignChoices,
  CreateFlagTypeBody,
  FlagTypeList,
  FlagTypeView,
  FlagView,
  ItemDetail,
  ItemSummary,
  ModerationSettings,
  ModerationSettingsPatch,
  QueuePage,
  QueueQuery,
  RaiseFlagBody,
  ResolveBody,
  UpdateFlagTypeBody,
  VersionBody,
} from '../../common/api/moderation.js';
import { BigIdParams, IdParams } from '../../common/api/typebox.js';
import { Conflict, NotFound } from '../errors.js';
import { actorOf } from '../http/request.js';
import type { App, AppDeps } from '../http/types.js';
import { raiseFlag } from './commands/raise-flag.js';
import { claimItem, reopenItem, resolveItem, STATE_CONFLICTS, unclaimItem } from './commands/transitions.js';
import { createFlagType, listFlagTypes, updateFlagType } from './flag-types.js';
import { loadFlags, loadItemDetail } from './item-detail.js';
import { presentFlag, presentFlagType, presentItem, presentItemDetail } from './presenters.js';
import { listCampaigns, listQueue, loadItemSummary } from './queue.js';
import { ruleRoutes } from './rules/routes.js';
import { getModerationSettings, updateModerationSettings } from './settings.js';

const staff = { access: 'staff' as const };
const moderators = { access: ['moderator'] as const };
const admin = { access: ['admin'] as const };
const tags = ['moderation'];

export function moderationRoutes(app: App, deps: AppDeps): void {
  flagRoutes(app, deps);
  queueRoutes(app, deps);
  transitionRoutes(app, deps);
  flagTypeRoutes(app, deps);
  settingsRoutes(app, deps);
  ruleRoutes(app, deps);
}

async function presentCurrent(deps: AppDeps, itemId: number): Promise<ItemSummary> {
  const now = deps.now();
  const [row, settings] = await Promise.all([
    loadItemSummary(deps.db, itemId, now),
    getModerationSettings(deps.db),
  ]);
  if (!row) throw new NotFound('Moderation item');
  return presentItem(row, now, settings.stale_hours);
}

/** Runs a transition; a refusal because of the item's state carries that state (details.item). */
async function transition(deps: AppDeps, itemId: number, run: () => Promise<void>): Promise<ItemSummary> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Conflict && (STATE_CONFLICTS as readonly string[]).includes(error.code)) {
      throw new Conflict(error.message, error.code, { item: await presentCurrent(deps, itemId) });
    }
    throw error;
  }
  return presentCurrent(deps, itemId);
}

function flagRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/flags',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Flag a message for moderators',
        body: RaiseFlagBody,
        response: { 201: FlagView },
      },
    },
    async (request, reply) => {
      const raised = await raiseFlag(deps.db, {
        messageId: request.body.message_id,
        conversationId: request.body.conversation_id,
        type: request.body.type,
        note: request.body.note,
        flagger: { userId: actorOf(request).id },
        now: deps.now(),
      });
      const [flag] = await loadFlags(deps.db, { flagId: raised.flagId });
      return reply.code(201).send(presentFlag(flag!));
    },
  );
}

function queueRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/moderation/queue',
    {
      config: moderators,
      schema: {
        tags,
        summary: 'The moderation queue, pending first',
        querystring: QueueQuery,
        response: { 200: QueuePage },
      },
    },
    async (request) => {
      const now = deps.now();
      const settings = await getModerationSettings(deps.db);
      const page = await listQueue(deps.db, request.query, now);
      return {
        items: page.items.map((row) => presentItem(row, now, settings.stale_hours)),
        next_cursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/moderation/campaigns',
    {
      config: moderators,
      schema: {
        tags,
        summary: 'Campaigns to filter the queue or test a rule on',
        response: { 200: CampaignChoices },
      },
    },
    async () => ({ campaigns: await listCampaigns(deps.db) }),
  );

  app.get(
    '/api/moderation/items/:id',
    {
      config: moderators,
      schema: {
        tags,
        summary: 'A queue item: message, conversation, flags, history',
        params: BigIdParams,
        response: { 200: ItemDetail },
      },
    },
    async (request) => {
      const now = deps.now();
      const settings = await getModerationSettings(deps.db);
      const detail = await loadItemDetail(deps.db, request.params.id, now);
      if (!detail) throw new NotFound('Moderation item');
      return presentItemDetail(detail, now, settings.stale_hours);
    },
  );
}

function transitionRoutes(app: App, deps: AppDeps): void {
  const route = <B extends TSchema>(summary: string, body: B) => ({
    config: moderators,
    schema: { tags, summary, params: BigIdParams, body, response: { 200: ItemSummary } },
  });
  app.post(
    '/api/moderation/items/:id/claim',
    route('Claim an item for a while', VersionBody),
    async (request) => {
      const { claim_minutes } = await getModerationSettings(deps.db);
      const input = {
        itemId: request.params.id,
        actorId: actorOf(request).id,
        version: request.body.version,
        now: deps.now(),
      };
      return transition(deps, input.itemId, () =>
        claimItem(deps.db, { ...input, claimMinutes: claim_minutes }),
      );
    },
  );
  app.post('/api/moderation/items/:id/unclaim', route('Release a claim', VersionBody), async (request) => {
    const actor = actorOf(request);
    const input = {
      itemId: request.params.id,
      actorId: actor.id,
      version: request.body.version,
      now: deps.now(),
    };
    return transition(deps, input.itemId, () =>
      unclaimItem(deps.db, { ...input, isAdmin: actor.role === 'admin' }),
    );
  });
  app.post(
    '/api/moderation/items/:id/resolve',
    route('Agree, disagree or defer: resolves the item and its pending flags', ResolveBody),
    async (request) => {
      const body = request.body;
      const input = {
        itemId: request.params.id,
        actorId: actorOf(request).id,
        version: body.version,
        note: body.note,
        now: deps.now(),
      };
      return transition(deps, input.itemId, () => resolveItem(deps.db, { ...input, action: body.action }));
    },
  );
  app.post('/api/moderation/items/:id/reopen', route('Back to pending', VersionBody), async (request) => {
    const input = {
      itemId: request.params.id,
      actorId: actorOf(request).id,
      version: request.body.version,
      note: request.body.note,
      now: deps.now(),
    };
    return transition(deps, input.itemId, () => reopenItem(deps.db, input));
  });
}

function flagTypeRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/moderation/flag-types',
    { config: staff, schema: { tags, summary: 'Flag types', response: { 200: FlagTypeList } } },
    async () => ({ types: (await listFlagTypes(deps.db)).map(presentFlagType) }),
  );
  app.post(
    '/api/moderation/flag-types',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a custom flag type',
        body: CreateFlagTypeBody,
        response: { 201: FlagTypeView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentFlagType(await createFlagType(deps.db, request.body, deps.now()))),
  );
  app.patch(
    '/api/moderation/flag-types/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a flag type',
        params: IdParams,
        body: UpdateFlagTypeBody,
        response: { 200: FlagTypeView },
      },
    },
    async (request) =>
      presentFlagType(await updateFlagType(deps.db, request.params.id, request.body, deps.now())),
  );
}

function settingsRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/moderation/settings',
    {
      config: moderators,
      schema: { tags, summary: 'Claim expiry and stale age', response: { 200: ModerationSettings } },
    },
    async () => getModerationSettings(deps.db),
  );
  app.patch(
    '/api/moderation/settings',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change claim expiry and stale age',
        body: ModerationSettingsPatch,
        response: { 200: ModerationSettings },
      },
    },
    async (request) => updateModerationSettings(deps.db, request.body, actorOf(request).id, deps.now()),
  );
}
