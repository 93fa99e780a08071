import type { Runner } from 'graphile-worker';
import type { Logger } from 'pino';
import { buildParleyApp } from './app.js';
import { DELIVERY_CONCURRENCY, type DeliveryLoop, startChatbotDelivery } from './chatbot/index.js';
import type { Config } from './config.js';
import { openMigrated } from './database.js';
import type { DatabaseHandle } from './db/index.js';
import { type Notifications, startListener } from './db/listener.js';
import { initialiseOnFirstStart, saveDemoCredentials } from './demo/index.js';
import type { App } from './http/types.js';
import { startWorker, WORKER_CONCURRENCY } from './jobs/index.js';
import { closeReportPools } from './reports/index.js';
import { SessionCache, sessionService } from './users/index.js';

/** Connections for concurrent HTTP requests (most hold one for a few milliseconds). */
const HTTP_POOL_SIZE = 10;

export interface ServeOptions {
  http: boolean;
  worker: boolean;
}

export interface Running {
  app: App | null;
  runner: Runner | null;
  handle: DatabaseHandle;
  url: string | null;
  stop(): Promise<void>;
}

/**
 * Starts Parley: database (embedded or external), migrations, first-start demo, HTTP server
 * and/or job worker. `stop()` closes them in reverse order; the caller wires it to signals.
 */
export async function start(config: Config, log: Logger, options: ServeOptions): Promise<Running> {
  // The server's own pool: room for its requests and for every job the worker runs at once.
  const handle = await openMigrated(config, {
    poolSize:
      (options.http ? HTTP_POOL_SIZE : 0) +
      (options.worker ? WORKER_CONCURRENCY + 1 : 0) +
      DELIVERY_CONCURRENCY,
    applicationName: options.http ? 'parley-serve' : 'parley-worker',
    log: (line) => process.stderr.write(`${line}\n`),
  });
  let app: App | null = null;
  let runner: Runner | null = null;
  let sessions: SessionCache | null = null;
  let notifications: Notifications | null = null;
  let delivery: DeliveryLoop | null = null;
  const stop = async () => {
    await app?.close();
    await delivery?.stop();
    await notifications?.stop();
    await sessions?.stop();
    await runner?.stop();
    // Scheduled reports run on the reports' own pools (the app's onClose closes them too).
    await closeReportPools();
    await handle.close();
  };
  try {
    if (options.http) await firstStart(config, handle);
    if (options.worker)
      runner = await startWorker({
        db: handle.db,
        pool: handle.pool,
        log: log.child({ part: 'worker' }),
        uploadRetentionHours: config.uploadRetentionHours,
        botTranscriptDays: config.botTranscriptDays,
        email: config.email,
        publicUrl: config.publicUrl,
        config,
        databaseUrl: handle.reportsUrl,
      });
    // Every process sends the chatbots' outbox (docs/chatbot.md, "Delivery").
    notifications = await startListener(handle.url, { applicationName: 'parley-listen' });
    delivery = startChatbotDelivery({
      db: handle.db,
      secret: config.secret,
      notifications,
      log: log.child({ part: 'delivery' }),
    });
    let url: string | null = null;
    if (options.http) {
      sessions = await SessionCache.start(handle.url);
      const built = await buildParleyApp(
        {
          config,
          db: handle.db,
          now: () => new Date(),
          sessions: sessionService(handle.db, config.session, sessions),
          notifications,
          databaseUrl: handle.reportsUrl,
        },
        { logger: log.child({ part: 'http' }) },
      );
      app = built.app;
      await app.listen({ port: config.port, host: config.host });
      url = config.publicUrl;
      announce(`Parley is running at ${url}${options.worker ? '' : ' (without job worker)'}`);
    } else {
      announce('Parley worker is running');
    }
    return { app, runner, handle, url, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Loads the demo on a first start (see `demoWanted`) and tells the operator how to sign in. */
async function firstStart(config: Config, handle: DatabaseHandle): Promise<void> {
  const first = await initialiseOnFirstStart(handle, config.demo);
  if (first?.admin) {
    const file = await saveDemoCredentials(config.dataDir, first.admin);
    announce(
      '',
      'First start: demo data loaded. Sign in as the demo admin:',
      `  e-mail:   ${first.admin.email}`,
      `  password: in ${file} (readable only by you; delete it once you have signed in)`,
      '',
    );
  } else if (first && 'empty' in first) {
    const why =
      config.demo === 'auto' && !handle.embedded
        ? ['(No demo data on an external DATABASE_URL; PARLEY_DEMO=on would load it.)']
        : [];
    announce(
      '',
      'No users yet. Create an admin with: parley user add --email you@example.org --role admin',
      ...why,
      '',
    );
  }
}

function announce(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Stops cleanly on SIGINT/SIGTERM. A signal repeated within a few seconds is the same request
 * delivered twice (Ctrl-C reaches both `npm start` and this process, which npm relays again) and is
 * ignored; one sent later means "stop waiting" and exits at once.
 */
export function stopOnSignals(running: Running, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    let firstAt: number | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt !== null) {
        if (Date.now() - firstAt < 3000) return;
        log.warn(`${signal} again: exiting without finishing shutdown`);
        process.exit(1);
      }
      firstAt = Date.now();
      log.info(`${signal}: shutting down`);
      running.stop().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
