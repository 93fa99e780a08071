import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateImportBody,
  ImportFileParams,
  ImportIdParams,
  ImportList,
  SpokeImportView,
} from '../../../common/api/imports.js';
import { NotFound } from '../../errors.js';
import { actorOf } from '../../http/request.js';
import type { App, AppDeps } from '../../http/types.js';
import { createUpload, putUploadFile, queueImport, removeUploadFile } from './commands/uploads.js';
import { presentSpokeImport } from './presenters.js';
import { findImport, listImports } from './queries.js';

/**
 * Spoke imports over HTTP (admins): create an import, PUT each CSV file as a `text/csv` body
 * (streamed to PostgreSQL, no multipart), run it as a job, and poll it for progress and errors.
 */
export function importRoutes(app: App, deps: AppDeps): void {
  const admin = { access: ['admin'] as const };
  const tags = ['imports'];

  app.get(
    '/api/imports',
    { config: admin, schema: { tags, summary: 'Recent imports', response: { 200: ImportList } } },
    async () => ({ imports: (await listImports(deps.db, { limit: 50 })).map(presentSpokeImport) }),
  );

  app.get(
    '/api/imports/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'One import: status, progress, counts, bad rows',
        params: ImportIdParams,
        response: { 200: SpokeImportView },
      },
    },
    async (request) => {
      const record = await findImport(deps.db, request.params.id);
      if (!record) throw new NotFound('Import');
      return presentSpokeImport(record);
    },
  );

  app.post(
    '/api/imports',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Start a Spoke CSV import (then upload its files)',
        body: CreateImportBody,
        response: { 201: SpokeImportView },
      },
    },
    async (request, reply) => {
      const record = await createUpload(deps.db, { ...request.body, startedBy: actorOf(request).id });
      return reply.code(201).send(presentSpokeImport(record));
    },
  );

  app.delete(
    '/api/imports/:id/files/:name',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Remove an uploaded file',
        params: ImportFileParams,
        response: { 200: SpokeImportView },
      },
    },
    async (request) =>
      presentSpokeImport(await removeUploadFile(deps.db, request.params.id, request.params.name)),
  );

  app.post(
    '/api/imports/:id/run',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Run the import in the background',
        params: ImportIdParams,
        response: { 202: SpokeImportView },
      },
    },
    async (request, reply) =>
      reply.code(202).send(presentSpokeImport(await queueImport(deps.db, request.params.id))),
  );

  // The file upload takes the CSV as the raw body, streamed: only this scope reads text/csv.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) =>
      done(null, payload),
    );
    scope.put(
      '/api/imports/:id/files/:name',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Upload one CSV file (body: the file, Content-Type text/csv)',
          params: ImportFileParams,
          response: { 200: SpokeImportView },
        },
      },
      async (request) => {
        const body = request.body as Readable;
        return presentSpokeImport(
          await putUploadFile(deps.db, { importId: request.params.id, name: request.params.name, body }),
        );
      },
    );
  });
}
