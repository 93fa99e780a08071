import {
  AgreementView,
  AuditSettings,
  AuditSettingsPatch,
  AuditView,
  BatchView,
  ConversationParams,
  ConversationView,
  RequestBatchBody,
  RubricView,
  SaveRubricBody,
  SubmitAuditBody,
} from '../../common/api/audit.js';
import { Forbidden, NotFound } from '../errors.js';
import { actorOf } from '../http/request.js';
import type { App, AppDeps } from '../http/types.js';
import { findLiveBatch, listBatchItems } from './batches.js';
import { loadAgreement } from './calibration/load-agreement.js';
import { saveRubric } from './commands/save-rubric.js';
import { submitAudit } from './commands/submit-audit.js';
import { loadConversation } from './conversation.js';
import { mayViewConversation } from './policies.js';
import { assignBatch } from './pool/assign-batch.js';
import { presentAudit, presentBatch, presentConversation, presentRubric } from './presenters.js';
import { reviewRoutes } from './review/routes.js';
import { currentRubric } from './rubric.js';
import { getAuditSettings, updateAuditSettings } from './settings.js';

const auditor = { access: ['auditor'] as const };
const admin = { access: ['admin'] as const };

export function auditRoutes(app: App, deps: AppDeps): void {
  batchRoutes(app, deps);
  conversationRoutes(app, deps);
  rubricRoutes(app, deps);
  settingsRoutes(app, deps);
  reviewRoutes(app, deps);
}

/** An auditor's batch: take one, or get back the unfinished one. */
function batchRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/api/audit/batches',
    {
      config: auditor,
      schema: {
        tags: ['audit'],
        summary: 'Take a batch of conversations to audit (or get back your unfinished one)',
        body: RequestBatchBody,
        response: { 201: BatchView },
      },
    },
    async (request, reply) => {
      const batch = await assignBatch(deps.db, {
        auditorId: actorOf(request).id,
        size: request.body.size,
        now: deps.now(),
      });
      return reply.code(201).send(presentBatch(batch));
    },
  );

  app.get(
    '/api/audit/batches/current',
    {
      config: auditor,
      schema: { tags: ['audit'], summary: 'Your unfinished batch', response: { 200: BatchView } },
    },
    async (request) => {
      const batch = await findLiveBatch(deps.db, actorOf(request).id, deps.now());
      if (!batch) throw new NotFound('Unfinished batch', 'no_batch');
      return presentBatch({ batch, items: await listBatchItems(deps.db, batch) });
    },
  );
}

/** Reading a conversation of the batch and scoring it (policies.ts says who may). */
function conversationRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/conversations/:id',
    {
      config: auditor,
      schema: {
        tags: ['audit'],
        summary: 'A conversation with its messages, survey answers and tags',
        params: ConversationParams,
        response: { 200: ConversationView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!(await mayViewConversation(deps.db, actor, request.params.id, deps.now()))) {
        throw new Forbidden('This conversation is not in one of your batches.', 'not_assigned');
      }
      const rows = await loadConversation(deps.db, request.params.id);
      if (!rows) throw new NotFound('Conversation');
      return presentConversation(rows);
    },
  );

  app.post(
    '/api/audits',
    {
      config: auditor,
      schema: {
        tags: ['audit'],
        summary: 'Score a conversation of your batch',
        body: SubmitAuditBody,
        response: { 201: AuditView },
      },
    },
    async (request, reply) => {
      const audit = await submitAudit(deps.db, {
        auditorId: actorOf(request).id,
        conversationId: request.body.conversation_id,
        scores: request.body.scores,
        note: request.body.note,
        timeSpentMs: request.body.time_spent_ms,
        now: deps.now(),
      });
      return reply.code(201).send(presentAudit(audit));
    },
  );
}

function rubricRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/audit/rubric',
    {
      config: auditor,
      schema: { tags: ['audit'], summary: 'The current rubric', response: { 200: RubricView } },
    },
    async () => presentRubric(await currentRubric(deps.db)),
  );

  app.put(
    '/api/audit/rubric',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Save a new rubric version',
        body: SaveRubricBody,
        response: { 200: RubricView },
      },
    },
    async (request) =>
      presentRubric(await saveRubric(deps.db, { items: request.body.items, userId: actorOf(request).id })),
  );
}

/** Admin: pool and assignment settings, and calibration agreement. */
function settingsRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/audit/settings',
    {
      config: admin,
      schema: { tags: ['audit'], summary: 'Pool and assignment settings', response: { 200: AuditSettings } },
    },
    async () => getAuditSettings(deps.db),
  );

  app.patch(
    '/api/audit/settings',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Change pool and assignment settings',
        body: AuditSettingsPatch,
        response: { 200: AuditSettings },
      },
    },
    async (request) => updateAuditSettings(deps.db, request.body, actorOf(request).id, deps.now()),
  );

  app.get(
    '/api/audit/agreement',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Calibration agreement per rubric item and auditor pair',
        response: { 200: AgreementView },
      },
    },
    async () => loadAgreement(deps.db),
  );
}
