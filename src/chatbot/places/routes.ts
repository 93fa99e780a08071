import {
  SUPPORT_POINT_LIMITS,
  SupportPointBody,
  SupportPointImportBody,
  SupportPointImportResult,
  SupportPointPage,
  SupportPointParams,
  SupportPointQuery,
  SupportPointView,
} from '../../../common/api/support-points.js';
import type { App, AppDeps } from '../../http/types.js';
import {
  createSupportPoint,
  deleteSupportPoint,
  listSupportPoints,
  updateSupportPoint,
} from './directory.js';
import { importSupportPoints } from './import-csv.js';

const admin = { access: ['admin'] as const };
const tags = ['support points'];

/** The support-point directory's admin API (docs/chatbot.md#cep-lookup-and-support-points). */
export function supportPointRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/support-points',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Search the support-point directory',
        querystring: SupportPointQuery,
        response: { 200: SupportPointPage },
      },
    },
    async (request) => listSupportPoints(deps.db, request.query),
  );
  app.post(
    '/api/support-points',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a support point',
        body: SupportPointBody,
        response: { 201: SupportPointView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSupportPoint(deps.db, request.body, deps.now())),
  );
  app.put(
    '/api/support-points/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a support point',
        params: SupportPointParams,
        body: SupportPointBody,
        response: { 200: SupportPointView },
      },
    },
    async (request) => updateSupportPoint(deps.db, request.params.id, request.body, deps.now()),
  );
  app.delete(
    '/api/support-points/:id',
    { config: admin, schema: { tags, summary: 'Delete a support point', params: SupportPointParams } },
    async (request, reply) => {
      await deleteSupportPoint(deps.db, request.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/support-points/import',
    {
      config: admin,
      // The CSV travels as JSON text: room for the limit plus escaping.
      bodyLimit: SUPPORT_POINT_LIMITS.importChars * 2,
      schema: {
        tags,
        summary: 'Import support points from CSV (all or nothing)',
        body: SupportPointImportBody,
        response: { 200: SupportPointImportResult },
      },
    },
    async (request) => importSupportPoints(deps.db, request.body, deps.now()),
  );
}
