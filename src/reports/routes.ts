import {
  CancelView,
  CheckBody,
  CheckView,
  ExportQuery,
  IdSearchParams,
  IdSearchQuery,
  IdSearchView,
  REPORT_LIMITS,
  ReportBody,
  ReportList,
  ReportParams,
  ReportView,
  RunBody,
  RunParams,
  RunView,
  SchemaView,
  SourceBody,
  SourceList,
  SourceParams,
  SourceTestBody,
  SourceTestView,
  SourceView,
} from '../../common/api/reports.js';
import { NotFound } from '../errors.js';
import { actorOf } from '../http/request.js';
import type { Actor, App, AppDeps } from '../http/types.js';
import { exportReport } from './export.js';
import { searchIds } from './ids.js';
import { DEFAULT_ROW_LIMIT, type Report } from './model.js';
import { checkBody } from './prepare.js';
import { presentDecl, presentReport, presentSummary } from './presenters.js';
import { cancelRun, type ReportContext } from './run.js';
import { runJsonStream } from './run-json.js';
import { closeReportPools } from './runner/pools.js';
import { scheduleRoutes } from './schedules/routes.js';
import { readableTables, sourceTables } from './schema.js';
import { createSource, deleteSource, listSources, type Source, sourceUrl, testSource } from './sources.js';
import {
  createReport,
  deleteReport,
  findReport,
  listReports,
  mayRun,
  type ReportInput,
  updateReport,
} from './store.js';

const tags = ['reports'];
const staff = { access: ['moderator'] as const };
const admin = { access: ['admin'] as const };

function contextOf(deps: AppDeps): ReportContext {
  return { db: deps.db, config: deps.config, databaseUrl: deps.databaseUrl ?? null };
}

function inputOf(body: ReportBody): ReportInput {
  return {
    name: body.name,
    title: body.title,
    description: body.description ?? '',
    body: body.body,
    sourceId: body.source_id ?? null,
    searchPath: body.search_path ?? null,
    timeoutSeconds: body.timeout_seconds ?? null,
    runRoles: body.run_roles ?? [],
  };
}

/** A report the actor may run (an admin any; others those granted to their role), else not found. */
async function runnable(deps: AppDeps, actor: Actor, name: string): Promise<Report> {
  const report = await findReport(deps.db, name);
  if (!mayRun(report, actor.role)) throw new NotFound('Report');
  return report;
}

export function reportRoutes(app: App, deps: AppDeps): void {
  app.addHook('onClose', closeReportPools);
  readRoutes(app, deps);
  writeRoutes(app, deps);
  runRoutes(app, deps);
  sourceRoutes(app, deps);
  sourceCheckRoutes(app, deps);
  idSearchRoute(app, deps);
  scheduleRoutes(app, deps);
}

function presentSource(s: Source) {
  return { id: s.id, name: s.name, target: s.target, created_at: s.createdAt.toISOString() };
}

/** Data sources (admins): other PostgreSQL databases reports may run on. */
function sourceRoutes(app: App, deps: AppDeps): void {
  const secret = deps.config.secret;
  app.get(
    '/api/reports/sources',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Registered data sources (URLs without passwords)',
        response: { 200: SourceList },
      },
    },
    async () => ({ sources: (await listSources(deps.db, secret)).map(presentSource) }),
  );
  app.post(
    '/api/reports/sources',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Register a PostgreSQL data source (stored encrypted)',
        body: SourceBody,
        response: { 201: SourceView },
      },
    },
    async (request, reply) => {
      const source = await createSource(deps.db, secret, request.body, actorOf(request).id);
      return reply.code(201).send(presentSource(source));
    },
  );
  app.delete(
    '/api/reports/sources/:id',
    { config: admin, schema: { tags, summary: 'Remove a data source no report uses', params: SourceParams } },
    async (request, reply) => {
      await deleteSource(deps.db, request.params.id);
      return reply.code(204).send();
    },
  );
}

/** "Test connection" before or after saving, and a source's tables for the editor's completion. */
function sourceCheckRoutes(app: App, deps: AppDeps): void {
  const secret = deps.config.secret;
  app.post(
    '/api/reports/sources/test',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Test a connection URL before saving it',
        body: SourceTestBody,
        response: { 200: SourceTestView },
      },
    },
    async (request) => testSource(request.body.url),
  );
  app.post(
    '/api/reports/sources/:id/test',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Test a registered data source',
        params: SourceParams,
        response: { 200: SourceTestView },
      },
    },
    async (request) => testSource(await sourceUrl(deps.db, secret, request.params.id)),
  );
  app.get(
    '/api/reports/sources/:id/schema',
    {
      config: admin,
      schema: {
        tags,
        summary: "Tables and columns of a data source its login can see (for the editor's completion)",
        params: SourceParams,
        response: { 200: SchemaView },
      },
    },
    async (request) => ({ tables: await sourceTables(await sourceUrl(deps.db, secret, request.params.id)) }),
  );
}

/** Suggestions for an id parameter's field: objects of Parley's database by id, name, e-mail, title. */
function idSearchRoute(app: App, deps: AppDeps): void {
  app.get(
    '/api/reports/ids/:type',
    {
      config: staff,
      schema: {
        tags,
        summary: `Objects an id parameter may name, by id, name, e-mail or title (at most ${REPORT_LIMITS.idSearchRows})`,
        params: IdSearchParams,
        querystring: IdSearchQuery,
        response: { 200: IdSearchView },
      },
    },
    async (request) => ({
      items: await searchIds(deps.db, request.params.type, request.query.q ?? '', REPORT_LIMITS.idSearchRows),
    }),
  );
}

function readRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/reports',
    { config: staff, schema: { tags, summary: 'The reports you may run', response: { 200: ReportList } } },
    async (request) => {
      const actor = actorOf(request);
      const reports = (await listReports(deps.db)).filter((r) => mayRun(r, actor.role));
      return { reports: reports.map(presentSummary) };
    },
  );
  app.get(
    '/api/reports/:name',
    {
      config: staff,
      schema: {
        tags,
        summary: 'A report: its SQL and parameters',
        params: ReportParams,
        response: { 200: ReportView },
      },
    },
    async (request) => presentReport(await runnable(deps, actorOf(request), request.params.name)),
  );
}

function writeRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/reports/schema',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Tables and columns reports may read (for completion)',
        response: { 200: SchemaView },
      },
    },
    async () => ({ tables: await readableTables(deps.db) }),
  );
  app.post(
    '/api/reports/check',
    {
      config: admin,
      schema: {
        tags,
        summary: "Check a report's SQL: its parameters and every problem, by line",
        body: CheckBody,
        response: { 200: CheckView },
      },
    },
    async (request) => {
      const { decls, problems } = checkBody(request.body.body);
      return { params: decls.map(presentDecl), problems };
    },
  );
  app.post(
    '/api/reports',
    {
      config: admin,
      schema: { tags, summary: 'Save a new report', body: ReportBody, response: { 201: ReportView } },
    },
    async (request, reply) => {
      const report = await createReport(deps.db, inputOf(request.body), actorOf(request).id);
      return reply.code(201).send(presentReport(report));
    },
  );
  app.put(
    '/api/reports/:name',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a report',
        params: ReportParams,
        body: ReportBody,
        response: { 200: ReportView },
      },
    },
    async (request) =>
      presentReport(await updateReport(deps.db, request.params.name, inputOf(request.body), deps.now())),
  );
  app.delete(
    '/api/reports/:name',
    { config: admin, schema: { tags, summary: 'Delete a report', params: ReportParams } },
    async (request, reply) => {
      await deleteReport(deps.db, request.params.name);
      return reply.code(204).send();
    },
  );
}

function runRoutes(app: App, deps: AppDeps): void {
  // Read per request: deps.databaseUrl may be set after the routes are (tests).
  const ctx = () => contextOf(deps);
  app.post(
    '/api/reports/:name/run',
    {
      config: staff,
      schema: {
        tags,
        summary:
          'Run a report (read-only, at most `limit` rows; `truncated` says when the result was cut; an `error` member after the rows when the run failed once they had started)',
        params: ReportParams,
        body: RunBody,
        response: { 200: RunView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const report = await runnable(deps, actor, request.params.name);
      const answer = await runJsonStream(
        ctx(),
        {
          report,
          params: request.body.params ?? {},
          actorId: actor.id,
          via: 'web',
          explain: request.body.explain ?? false,
        },
        request.body.limit ?? DEFAULT_ROW_LIMIT,
      );
      // Streamed as the rows come in (run-json.ts); the schema above still documents it.
      return reply.type('application/json; charset=utf-8').send(answer as unknown as RunView);
    },
  );
  app.post(
    '/api/reports/runs/:id/cancel',
    {
      config: staff,
      schema: { tags, summary: 'Cancel a run in progress', params: RunParams, response: { 200: CancelView } },
    },
    async (request) => ({ cancelled: await cancelRun(request.params.id) }),
  );
  for (const format of ['csv', 'json'] as const) {
    app.get(
      `/api/reports/:name/export.${format}`,
      {
        config: staff,
        schema: {
          tags,
          summary: `Export a report's whole result as ${format.toUpperCase()} (streamed; parameters in the query string)`,
          params: ReportParams,
          querystring: ExportQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/json'],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const report = await runnable(deps, actor, request.params.name);
        const stream = await exportReport(
          ctx(),
          { report, params: request.query, actorId: actor.id, via: 'export' },
          format,
        );
        reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${report.name}.${format}"`);
        return reply.send(stream);
      },
    );
  }
}
