import {
  EmailKindList,
  KindLocaleParams,
  KindTemplates,
  NewTemplateBody,
  NoContent,
  OutboxMail,
  OutboxPage,
  OutboxParams,
  OutboxQuery,
  PreviewBody,
  PreviewView,
  QueuedEmail,
  TemplateBody,
  TemplateParams,
  TestEmailBody,
} from '../../common/api/email.js';
import { actorOf } from '../http/request.js';
import type { App, AppDeps } from '../http/types.js';
import { EMAIL_KINDS, testMessageEmail } from './kinds/index.js';
import { findOutboxMail, listOutbox, retryOutboxMail } from './outbox.js';
import { presentKinds, presentKindTemplates, presentOutboxItem, presentOutboxMail } from './presenters.js';
import { queueEmail } from './queue.js';
import {
  createTemplate,
  deleteTemplate,
  kindOf,
  listAllTemplates,
  listTemplates,
  previewTemplate,
  updateTemplate,
} from './templates.js';

const admin = { access: ['admin'] as const };
const tags = ['email'];

/** The Mail page (the outbox) and the Templates page: admins only. */
export function emailRoutes(app: App, deps: AppDeps): void {
  outboxRoutes(app, deps);
  templateRoutes(app, deps);
}

function outboxRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/email/outbox',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Mail in the outbox, newest first',
        querystring: OutboxQuery,
        response: { 200: OutboxPage },
      },
    },
    async (request) => {
      const { items, nextBefore } = await listOutbox(deps.db, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
      return {
        items: items.map(presentOutboxItem),
        next_before: nextBefore,
        smtp_configured: deps.config.email.smtpUrl !== null,
      };
    },
  );
  app.get(
    '/api/email/outbox/:id',
    {
      config: admin,
      schema: { tags, summary: 'One mail, rendered', params: OutboxParams, response: { 200: OutboxMail } },
    },
    async (request) => presentOutboxMail(await findOutboxMail(deps.db, request.params.id)),
  );
  app.post(
    '/api/email/outbox/:id/retry',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send a failed or held mail again',
        params: OutboxParams,
        response: { 200: OutboxMail },
      },
    },
    async (request) => {
      await retryOutboxMail(deps.db, request.params.id, deps.now());
      return presentOutboxMail(await findOutboxMail(deps.db, request.params.id));
    },
  );
  app.post(
    '/api/email/test',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send a test e-mail to yourself',
        body: TestEmailBody,
        response: { 201: QueuedEmail },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const locale = request.body.locale ?? actor.language;
      const queued = await deps.db.transaction().execute((trx) =>
        queueEmail(
          trx,
          {
            kind: testMessageEmail,
            locale,
            to: { address: actor.email, name: actor.name },
            variables: {
              user: { name: actor.name || actor.email, email: actor.email },
              site: { url: deps.config.publicUrl },
            },
          },
          deps.now(),
        ),
      );
      return reply.code(201).send({ id: queued.id });
    },
  );
}

function templateRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/email/kinds',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Kinds of e-mail and their saved templates',
        response: { 200: EmailKindList },
      },
    },
    async () => ({ kinds: presentKinds(EMAIL_KINDS, await listAllTemplates(deps.db)) }),
  );
  app.get(
    '/api/email/kinds/:kind/:locale',
    {
      config: admin,
      schema: {
        tags,
        summary: "A kind's templates in one language",
        params: KindLocaleParams,
        response: { 200: KindTemplates },
      },
    },
    async (request) => {
      const kind = kindOf(request.params.kind);
      const saved = await listTemplates(deps.db, kind.key, request.params.locale);
      return presentKindTemplates(kind, request.params.locale, saved);
    },
  );
  app.post(
    '/api/email/kinds/:kind/:locale/preview',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Check a template and render it with sample variables',
        params: KindLocaleParams,
        body: PreviewBody,
        response: { 200: PreviewView },
      },
    },
    async (request) =>
      previewTemplate(deps.db, kindOf(request.params.kind), request.params.locale, request.body),
  );
  app.post(
    '/api/email/kinds/:kind/:locale/templates',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Save a template (replaces the one of a single-template kind)',
        params: KindLocaleParams,
        body: NewTemplateBody,
        response: { 201: QueuedEmail },
      },
    },
    async (request, reply) => {
      const kind = kindOf(request.params.kind);
      const id = await createTemplate(
        deps.db,
        kind,
        request.params.locale,
        request.body,
        actorOf(request).id,
        deps.now(),
      );
      return reply.code(201).send({ id });
    },
  );
  app.put(
    '/api/email/templates/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a saved template',
        params: TemplateParams,
        body: TemplateBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await updateTemplate(deps.db, request.params.id, request.body, actorOf(request).id, deps.now());
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/email/templates/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a saved template (back to the default)',
        params: TemplateParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteTemplate(deps.db, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
