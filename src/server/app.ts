import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type RouteOptions } from 'fastify';
import { ApiErrorBody } from '../../common/api/errors.js';
import type { App, AppDeps, RouteRecord } from '../http/types.js';
import { packageVersion } from '../version.js';
import { registerAuth } from './auth.js';
import { registerCsrfGuard } from './csrf.js';
import { setErrorReplies } from './error-replies.js';
import { errorBody, HttpError } from './errors.js';
import { registerInputGuard } from './input-guard.js';
import { registerMetrics } from './metrics.js';
import { registerWeb } from './static.js';
import { trustProxyOption } from './trust-proxy.js';

export interface BuildOptions {
  /** The process's pino logger; no request logging when absent (tests). */
  logger?: FastifyBaseLogger;
  /** Serve the built web UI from dist/web (on by default when it exists). */
  web?: boolean;
  /** Where the built web UI is (dist/web unless told; tests pass their own). */
  webRoot?: string;
  /** The route table (src/app.ts registers every domain's); each route declares its access. */
  routes: (app: App, deps: AppDeps) => void;
  /** More routes, for tools built on the app (benchmarks); each must declare its access too. */
  extraRoutes?: (app: App, deps: AppDeps) => void;
}

export interface BuiltApp {
  app: App;
  /** Every route with its declared access, in registration order (walked by the role test). */
  routes: RouteRecord[];
}

/** The whole HTTP application as a plugin tree; it does not listen (see serve.ts). */
export async function buildApp(deps: AppDeps, options: BuildOptions): Promise<BuiltApp> {
  const app: App = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: trustProxyOption(deps.config.trustProxy),
    bodyLimit: 10 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true } },
    // What Fastify refuses before any route or error handler (a malformed %-escape 400, a path
    // parameter over 100 characters 414) gets the one error shape too.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      reply.code(error.statusCode ?? 400).send(errorBody('bad_request', error.message));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Plugins' own onRoute hooks (docs, static files) run after this one and set their access, so
  // the declarations are read once everything is registered.
  const declared: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    declared.push(route);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerCsrfGuard(app, deps.config.publicUrl);

  app.addSchema(ApiErrorBody);
  setErrorReplies(app, () => indexHtml);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        // Mantine sets inline style attributes; scripts stay same-origin only.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'upgrade-insecure-requests': deps.config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    strictTransportSecurity: deps.config.publicUrl.startsWith('https:'),
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `Too many attempts: try again in ${context.after}.`),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Parley API',
        version: packageVersion,
        description:
          'Every route needs a session cookie except sign-in, the one-time links (invitation, password reset, the feedback stop link: each carries its own token), the docs and the chatbot channels (the HTTP API channel is signed with its secret, the web chat is anonymous).',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'parley_session' } } },
      security: [{ session: [] }],
    },
  });
  // Plugin-registered routes (docs, static files) are public by nature.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  registerAuth(app, deps);
  registerInputGuard(app);
  registerMetrics(app, deps);
  options.routes(app, deps);
  options.extraRoutes?.(app, deps);

  let indexHtml: string | null = null;
  if (options.web !== false) {
    await app.register(async (web) => {
      web.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'public' };
      });
      indexHtml = await registerWeb(web, options.webRoot);
    });
  }
  await app.ready();
  const routes: RouteRecord[] = declared.flatMap((route) => {
    const access = route.config?.access;
    if (access === undefined)
      throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
    return [route.method].flat().map((method) => ({ method: String(method), url: route.url, access }));
  });
  return { app, routes };
}
