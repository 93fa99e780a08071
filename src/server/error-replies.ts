import type { FastifyError } from 'fastify';
import type { App } from '../http/types.js';
import { clientErrorCode, errorBody, replyForError } from './errors.js';

/**
 * Every error reply in the one shape `{"error": {"code", "message", "details"?}}`, its code one the
 * web UI translates (common/api/error-codes.ts): domain and HTTP errors as they are, request
 * validation with each field's rule and parameters, Fastify's own refusals under our codes,
 * anything else 500 without internals. Unknown paths: the web UI's index.html for a GET or HEAD
 * outside /api (its client-side routes), 404 otherwise.
 */
export function setErrorReplies(app: App, webIndex: () => string | null): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = replyForError(error);
    if (known?.status === 503) {
      request.log.warn({ err: error }, 'database busy');
      return reply.code(503).header('retry-after', '2').send(known.body);
    }
    if (known) return reply.code(known.status).send(known.body);
    if ('validation' in error && error.validation) {
      // keyword and params let the web UI say it in the user's language (web/src/ui/errors.ts).
      const details = error.validation.map((issue) => ({
        path: `${error.validationContext ?? ''}${issue.instancePath}`,
        message: issue.message ?? 'is invalid',
        keyword: issue.keyword,
        params: issue.params,
      }));
      const first = details[0];
      const message = first ? `${first.path || 'request'} ${first.message}` : 'Invalid request.';
      return reply.code(400).send(errorBody('validation_failed', message, details));
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send(errorBody(clientErrorCode(error), error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(
      errorBody('internal', `Something went wrong on our side (request ${request.id}).`, {
        request_id: request.id,
      }),
    );
  });
  app.setNotFoundHandler((request, reply) => {
    // HEAD wherever GET is served: the SPA's paths answer both (Node sends no body for HEAD).
    const read = request.method === 'GET' || request.method === 'HEAD';
    const indexHtml = webIndex();
    if (indexHtml !== null && read && !request.url.startsWith('/api/')) {
      return reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml);
    }
    return reply
      .code(404)
      .send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
}
