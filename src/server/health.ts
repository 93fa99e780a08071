import { sql } from 'kysely';
import { Type } from 'typebox';
import type { App, AppDeps } from '../http/types.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.String(),
});

/**
 * Liveness for load balancers and monitors: answers 200 only when the database answers. Anyone
 * may ask, so a failure is told in one word; PostgreSQL's own message (host names, role and
 * database names) goes to the log.
 */
export function healthRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'Health check', response: { 200: Health, 503: Health } },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ok' as const, database: 'ok' };
      } catch (error) {
        request.log.error({ err: error }, 'health check: the database does not answer');
        return reply.code(503).send({ status: 'unavailable' as const, database: 'unavailable' });
      }
    },
  );
}
