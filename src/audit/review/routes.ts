import { sql } from 'kysely';
import {
  AUDIT_REVIEW_LIMITS,
  AuditDetail,
  AuditListQuery,
  AuditPage,
  AuditParams,
  BatchAudits,
  BatchParams,
  CorrectAuditBody,
  MyAudit,
  ReviewFilters,
  TexterReview,
  TexterReviewParams,
  TexterReviewQuery,
} from '../../../common/api/audit-review.js';
import type { Db } from '../../db/index.js';
import { Invalid, NotFound } from '../../errors.js';
import { actorOf } from '../../http/request.js';
import type { App, AppDeps } from '../../http/types.js';
import { correctAudit } from '../commands/correct-audit.js';
import { loadConversation } from '../conversation.js';
import { presentConversation } from '../presenters.js';
import { correctableUntil, loadAuditDetail, loadBatchAudits } from './audit-detail.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { listReviewChoices, listReviewItems } from './items.js';
import { listAudits } from './list-audits.js';
import {
  presentAuditDetail,
  presentAuditRow,
  presentBatchAudits,
  presentMyAudit,
  presentTexterReview,
} from './presenters.js';
import { loadTexterReview, type Period } from './texter-review.js';

/**
 * Reviewing others' audits is a staff lead's task: moderators and admins (docs/audit.md#review).
 * Auditors correct their own audits and read their batch's summary.
 */
const reviewer = { access: ['moderator'] as const };
const auditor = { access: ['auditor'] as const };
const tags = ['audit'];

export function reviewRoutes(app: App, deps: AppDeps): void {
  listRoutes(app, deps);
  correctionRoutes(app, deps);
}

/** A period as the query gave it; the end must come after the start. */
function periodOf(query: { from?: string | undefined; to?: string | undefined }): Period {
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from && to && to.getTime() <= from.getTime()) {
    throw new Invalid('to must come after from.', { field: 'to' }, 'bad_audit_period');
  }
  return { from, to };
}

/** An item key is known when some rubric version has it (old audits keep old items). */
async function checkItem(db: Db, item: string | undefined): Promise<void> {
  if (item === undefined) return;
  const { rows } = await sql<{ known: boolean }>`
    select exists (select 1 from audit_rubrics r, jsonb_array_elements(r.items) i where i->>'key' = ${item}) as known`.execute(
    db,
  );
  if (!rows[0]?.known) {
    throw new Invalid(`No rubric has an item "${item}".`, { field: 'item', item }, 'unknown_rubric_item');
  }
}

function listRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/audits',
    {
      config: reviewer,
      schema: {
        tags,
        summary: 'Audits, filtered and sorted, a page at a time (pass `next` as `cursor`)',
        querystring: AuditListQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const q = request.query;
      const sort = q.sort ?? 'created_at';
      const order = q.order ?? 'desc';
      const period = periodOf(q);
      const cursor = q.cursor === undefined ? null : decodeCursor(q.cursor, sort, order);
      await checkItem(deps.db, q.item);
      const page = await listAudits(deps.db, {
        ...period,
        texterId: q.texter_id,
        campaignId: q.campaign_id,
        auditorId: q.auditor_id,
        result: q.result,
        item: q.item,
        sort,
        order,
        cursor,
        limit: q.limit ?? AUDIT_REVIEW_LIMITS.page,
      });
      return {
        audits: page.rows.map(presentAuditRow),
        next: page.next ? encodeCursor(page.next) : null,
      };
    },
  );

  app.get(
    '/api/audit/filters',
    {
      config: reviewer,
      schema: {
        tags,
        summary: 'The choices of the Audits page: rubric items, campaigns and auditors with audits',
        response: { 200: ReviewFilters },
      },
    },
    async () => {
      const [items, choices] = await Promise.all([listReviewItems(deps.db), listReviewChoices(deps.db)]);
      return { items, ...choices };
    },
  );

  app.get(
    '/api/audits/:id',
    {
      config: reviewer,
      schema: {
        tags,
        summary: 'One audit with its conversation, scores, note and history (read only)',
        params: AuditParams,
        response: { 200: AuditDetail },
      },
    },
    async (request) => {
      const detail = await loadAuditDetail(deps.db, request.params.id);
      if (!detail) throw new NotFound('Audit');
      const conversation = await loadConversation(deps.db, detail.audit.conversation_id);
      if (!conversation) throw new NotFound('Conversation');
      return presentAuditDetail(detail, presentConversation(conversation));
    },
  );

  app.get(
    '/api/texters/:id/review',
    {
      config: reviewer,
      schema: {
        tags,
        summary: "A texter's audits over a period, with the pass rate of each rubric item",
        params: TexterReviewParams,
        querystring: TexterReviewQuery,
        response: { 200: TexterReview },
      },
    },
    async (request) => {
      const period = periodOf(request.query);
      const rows = await loadTexterReview(deps.db, request.params.id, period);
      if (!rows) throw new NotFound('Texter');
      return presentTexterReview(rows, period);
    },
  );
}

function correctionRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/audit/batches/:id/audits',
    {
      config: auditor,
      schema: {
        tags,
        summary: 'Your audits of one of your batches, and its summary',
        params: BatchParams,
        response: { 200: BatchAudits },
      },
    },
    async (request) => {
      const found = await loadBatchAudits(deps.db, request.params.id, actorOf(request).id);
      if (!found) throw new NotFound('Batch');
      return presentBatchAudits(found.batch, found.audits, correctableUntil(found.batch, deps.now()));
    },
  );

  app.patch(
    '/api/audits/:id',
    {
      config: auditor,
      schema: {
        tags,
        summary:
          "Correct your audit while its batch's time has not run out (the change is kept in its history)",
        params: AuditParams,
        body: CorrectAuditBody,
        response: { 200: MyAudit },
      },
    },
    async (request) => {
      const audit = await correctAudit(deps.db, {
        auditId: request.params.id,
        actorId: actorOf(request).id,
        scores: request.body.scores,
        note: request.body.note,
        now: deps.now(),
      });
      return presentMyAudit(audit, audit.correctable_until);
    },
  );
}
