import {
  FeedbackPreview,
  FeedbackPreviewBody,
  FeedbackSendBody,
  FeedbackSendResult,
  FeedbackTemplateList,
  OptOutBody,
  OptOutList,
  ResendBody,
  ResendResult,
  SendLog,
  SendLogQuery,
  SendParams,
  StopParams,
  StopView,
  TexterEmailPatch,
  TexterEmailView,
  TexterParams,
} from '../../../common/api/feedback.js';
import { setTexterEmail } from '../../conversations/index.js';
import { texterFeedbackEmail } from '../../email/index.js';
import { NotFound } from '../../errors.js';
import { actorOf } from '../../http/request.js';
import type { App, AppDeps } from '../../http/types.js';
import { type ComposeInput, previewFeedback, resendFeedback, sendFeedback } from './compose.js';
import { listOptOuts, optIn, optOut, stopByLink, stopLinkState } from './optouts.js';
import {
  presentOptOut,
  presentPreviewItem,
  presentSend,
  presentSendOutcome,
  presentTexterEmail,
} from './presenters.js';
import { listSends } from './send-log.js';

/**
 * Feedback e-mails go out in the organisation's name and the log holds what texters and contacts
 * wrote: admins only (docs/feedback.md).
 */
const admin = { access: ['admin'] as const };
const tags = ['feedback'];

function composeInput(body: FeedbackPreviewBody): ComposeInput {
  return {
    period: { from: body.from, to: body.to },
    templateId: body.template_id,
    locale: body.locale,
    texterIds: body.texter_ids,
  };
}

export function feedbackRoutes(app: App, deps: AppDeps): void {
  composeRoutes(app, deps);
  logRoutes(app, deps);
  optOutRoutes(app, deps);
  stopRoutes(app, deps);
  texterEmailRoutes(app, deps);
}

function composeRoutes(app: App, deps: AppDeps): void {
  const links = { publicUrl: deps.config.publicUrl, secret: deps.config.secret };
  app.get(
    '/api/feedback/templates',
    {
      config: admin,
      schema: { tags, summary: 'Saved feedback templates', response: { 200: FeedbackTemplateList } },
    },
    async () => ({
      items: await deps.db
        .selectFrom('email_templates')
        .select(['id', 'name', 'locale', 'is_default'])
        .where('kind', '=', texterFeedbackEmail.key)
        .orderBy('locale')
        .orderBy('name')
        .execute(),
    }),
  );
  app.post(
    '/api/feedback/preview',
    {
      config: admin,
      schema: {
        tags,
        summary: "Each texter's feedback e-mail for a period as it would go out, or why it will not",
        body: FeedbackPreviewBody,
        response: { 200: FeedbackPreview },
      },
    },
    async (request) => {
      const items = await previewFeedback(deps.db, composeInput(request.body), links);
      return { from: request.body.from, to: request.body.to, items: items.map(presentPreviewItem) };
    },
  );
  app.post(
    '/api/feedback/send',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send the period’s feedback: one e-mail per texter, never twice for the same period',
        body: FeedbackSendBody,
        response: { 200: FeedbackSendResult },
      },
    },
    async (request) => {
      const outcome = await sendFeedback(deps.db, composeInput(request.body), {
        links,
        by: actorOf(request).id,
        now: deps.now(),
      });
      return presentSendOutcome(outcome);
    },
  );
  app.post(
    '/api/feedback/sends/:id/resend',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send a texter’s feedback for a period again (on purpose)',
        params: SendParams,
        body: ResendBody,
        response: { 201: ResendResult },
      },
    },
    async (request, reply) => {
      const sendId = await resendFeedback(deps.db, request.params.id, {
        links,
        by: actorOf(request).id,
        now: deps.now(),
      });
      return reply.code(201).send({ send_id: sendId });
    },
  );
}

function logRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/feedback/sends',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Feedback e-mails sent, newest first, with their delivery status',
        querystring: SendLogQuery,
        response: { 200: SendLog },
      },
    },
    async (request) => {
      const { rows, nextBefore } = await listSends(deps.db, {
        texterId: request.query.texter_id,
        before: request.query.before,
        limit: request.query.limit,
      });
      return { items: rows.map(presentSend), next_before: nextBefore };
    },
  );
}

function optOutRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/feedback/optouts',
    {
      config: admin,
      schema: { tags, summary: 'Texters who get no feedback e-mails', response: { 200: OptOutList } },
    },
    async () => ({ items: (await listOptOuts(deps.db)).map(presentOptOut) }),
  );
  app.post(
    '/api/feedback/optouts',
    {
      config: admin,
      schema: { tags, summary: 'Stop feedback e-mails to a texter', body: OptOutBody, response: { 204: {} } },
    },
    async (request, reply) => {
      await optOut(deps.db, {
        texterId: request.body.texter_id,
        via: 'admin',
        by: actorOf(request).id,
        now: deps.now(),
      });
      return reply.code(204).send();
    },
  );
  app.delete(
    '/api/feedback/optouts/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send feedback e-mails to a texter again',
        params: TexterParams,
        response: { 204: {} },
      },
    },
    async (request, reply) => {
      await optIn(deps.db, request.params.id);
      return reply.code(204).send();
    },
  );
}

/** The texter's side: the stop page of the web UI asks before it stops (mail scanners follow links). */
function stopRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/feedback/stop/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Whether a stop link’s texter already stopped feedback e-mails',
        params: StopParams,
        response: { 200: StopView },
      },
    },
    (request) => stopLinkState(deps.db, deps.config.secret, request.params.token),
  );
  app.post(
    '/api/feedback/stop/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Stop feedback e-mails (the texter confirmed)',
        params: StopParams,
        response: { 200: StopView },
      },
    },
    (request) => stopByLink(deps.db, deps.config.secret, request.params.token, deps.now()),
  );
}

function texterEmailRoutes(app: App, deps: AppDeps): void {
  app.patch(
    '/api/texters/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Correct a texter’s e-mail address (kept over what imports bring)',
        params: TexterParams,
        body: TexterEmailPatch,
        response: { 200: TexterEmailView },
      },
    },
    async (request) => {
      const email = request.body.email === null ? null : request.body.email.trim();
      const texter = await setTexterEmail(deps.db, {
        texterId: request.params.id,
        email,
        by: actorOf(request).id,
        at: deps.now(),
      });
      if (!texter) throw new NotFound('Texter');
      return presentTexterEmail(texter);
    },
  );
}
