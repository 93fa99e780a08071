import {
  CreateRuleBody,
  RuleCampaignBody,
  RuleList,
  RulePreview,
  RuleRunResult,
  RuleView,
  UpdateRuleBody,
} from '../../../common/api/moderation.js';
import { IdParams } from '../../../common/api/typebox.js';
import { actorOf } from '../../http/request.js';
import type { App, AppDeps } from '../../http/types.js';
import { presentRule } from '../presenters.js';
import { runRules } from './run.js';
import { createRule, deleteRule, findRule, listRules, updateRule } from './store.js';

const admin = { access: ['admin'] as const };
const tags = ['moderation'];

/** Admin-managed rules (docs/moderation.md#rules): CRUD, a preview over a campaign, a run over it. */
export function ruleRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/moderation/rules',
    { config: admin, schema: { tags, summary: 'Rules', response: { 200: RuleList } } },
    async () => ({ rules: (await listRules(deps.db)).map(presentRule) }),
  );
  app.post(
    '/api/moderation/rules',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a keyword or regex rule',
        body: CreateRuleBody,
        response: { 201: RuleView },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(presentRule(await createRule(deps.db, request.body, actorOf(request).id, deps.now()))),
  );
  app.patch(
    '/api/moderation/rules/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a rule',
        params: IdParams,
        body: UpdateRuleBody,
        response: { 200: RuleView },
      },
    },
    async (request) => presentRule(await updateRule(deps.db, request.params.id, request.body, deps.now())),
  );
  app.delete(
    '/api/moderation/rules/:id',
    { config: admin, schema: { tags, summary: 'Delete a custom rule', params: IdParams } },
    async (request, reply) => {
      await deleteRule(deps.db, request.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/moderation/rules/:id/preview',
    {
      config: admin,
      schema: {
        tags,
        summary: 'What the rule would flag in a campaign (nothing is flagged)',
        params: IdParams,
        body: RuleCampaignBody,
        response: { 200: RulePreview },
      },
    },
    async (request) => {
      const rule = await findRule(deps.db, request.params.id);
      const result = await runRules(
        deps.db,
        [rule],
        { campaignId: request.body.campaign_id },
        { flag: false, now: deps.now() },
      );
      return { scanned: result.scanned, matched: result.matched, samples: result.samples };
    },
  );
  app.post(
    '/api/moderation/rules/:id/run',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Run the rule over a campaign, flagging what it matches',
        params: IdParams,
        body: RuleCampaignBody,
        response: { 200: RuleRunResult },
      },
    },
    async (request) => {
      const rule = await findRule(deps.db, request.params.id);
      const result = await runRules(
        deps.db,
        [rule],
        { campaignId: request.body.campaign_id },
        { flag: true, now: deps.now() },
      );
      return { scanned: result.scanned, flagged: result.flagged };
    },
  );
}
