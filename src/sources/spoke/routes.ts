import { PassThrough, Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateImportBody,
  ImportFileParams,
  ImportIdParams,
  ImportList,
  SpokeImportView,
} from '../../../common/api/imports.js';
import { IMPORT_LIMITS } from '../../../common/limits.js';
import { Invalid, NotFound } from '../../errors.js';
import { actorOf } from '../../http/request.js';
import type { App, AppDeps } from '../../http/types.js';
import {
  createUpload,
  fileTooLarge,
  putUploadFile,
  queueImport,
  removeUploadFile,
} from './commands/uploads.js';
import { presentSpokeImport } from './presenters.js';
import { findImport, listImports } from './queries.js';

/**
 * The content types an upload is taken with: CSV's own, and what some browsers and systems give a
 * .csv file (`application/vnd.ms-excel`). Not `text/plain`: a page of any site may send that
 * without asking, and a CSV upload has no reason to.
 */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

const admin = { access: ['admin'] as const };
const tags = ['imports'];

export interface ImportRouteOptions {
  /** Largest file one upload may carry (IMPORT_LIMITS.fileMaxBytes; tests pass a small one). */
  fileMaxBytes?: number;
}

/**
 * Spoke imports over HTTP (admins): create an import, PUT each CSV file as a `text/csv` body
 * (streamed to PostgreSQL, no multipart), run it as a job, and poll it for progress and errors.
 */
export function importRoutes(app: App, deps: AppDeps, options: ImportRouteOptions = {}): void {
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

  uploadRoute(app, deps, options.fileMaxBytes ?? IMPORT_LIMITS.fileMaxBytes);
}

/**
 * The file upload takes the CSV as the raw body, streamed: only this scope reads CSV, and nothing
 * else (any other content type is 415). A declared `Content-Length` over the limit is refused (413)
 * before a byte is read; a body that turns out larger is refused when it gets there. Either way the
 * 413 is sent first and the connection closed after it: the request is never destroyed under the
 * reply, which would reset the connection and leave the client without an answer.
 */
function uploadRoute(app: App, deps: AppDeps, maxBytes: number): void {
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(CSV_CONTENT_TYPES, (request, payload, done) => {
      const declared = Number(request.headers['content-length']);
      if (declared > maxBytes) {
        const name = (request.params as { name?: unknown }).name;
        done(fileTooLarge(typeof name === 'string' ? name : 'The file', maxBytes), undefined);
      } else done(null, payload);
    });
    scope.put(
      '/api/imports/:id/files/:name',
      {
        config: admin,
        schema: {
          tags,
          summary: `Upload one CSV file (body: the file, Content-Type ${CSV_CONTENT_TYPES.join(', ')})`,
          consumes: CSV_CONTENT_TYPES,
          params: ImportFileParams,
          response: { 200: SpokeImportView },
        },
      },
      async (request, reply) => {
        const { id, name } = request.params;
        const payload = request.body;
        if (!(payload instanceof Readable))
          throw new Invalid(`${name} is empty.`, { file: name }, 'empty_file');
        // The upload may stop reading (and destroy) this copy at any point; the request stays open.
        const body = new PassThrough();
        payload.pipe(body);
        try {
          return presentSpokeImport(await putUploadFile(deps.db, { importId: id, name, body, maxBytes }));
        } catch (error) {
          if (!payload.readableEnded) {
            // Refused before the end of the body: what is left is discarded, and the connection
            // closed once the reply is written.
            payload.unpipe(body);
            payload.resume();
            reply.header('connection', 'close');
          }
          throw error;
        }
      },
    );
  });
}
