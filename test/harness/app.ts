import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Role } from '../../common/roles.js';
import { buildParleyApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import type { Notifications } from '../../src/db/listener.js';
import type { UserRow } from '../../src/db/rows.js';
import { SESSION_COOKIE } from '../../src/http/request.js';
import type { AppDeps } from '../../src/http/types.js';
import type { BuiltApp } from '../../src/server/app.js';
import { createSession, createUser, type SessionCache, sessionService } from '../../src/users/index.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    PARLEY_SECRET: 'test-secret-test-secret-test-secret!',
    PARLEY_DATA_DIR: '/nonexistent',
    ...overrides,
  });
}

export interface TestApp extends BuiltApp {
  deps: AppDeps;
  /** Creates a user with the role and a session for it; `cookie` goes in the request headers. */
  loginAs(role: Role, fields?: { email?: string; name?: string }): Promise<{ user: UserRow; cookie: string }>;
  close(): Promise<void>;
}

export async function buildTestApp(
  db: Db,
  options: {
    config?: Config;
    web?: boolean;
    sessions?: SessionCache;
    logger?: FastifyBaseLogger;
    notifications?: Notifications;
  } = {},
): Promise<TestApp> {
  const config = options.config ?? testConfig();
  const deps: AppDeps = {
    config,
    db,
    now: () => new Date(),
    sessions: sessionService(db, config.session, options.sessions ?? null),
    ...(options.notifications ? { notifications: options.notifications } : {}),
  };
  const built = await buildParleyApp(deps, { web: options.web ?? false, logger: options.logger });
  return {
    ...built,
    deps,
    async loginAs(role, fields = {}) {
      const email = fields.email ?? `${role}-${randomBytes(4).toString('hex')}@test.example`;
      const user = await createUser(db, {
        email,
        name: fields.name ?? `Test ${role}`,
        role,
        password: TEST_PASSWORD,
      });
      const token = await createSession(db, user.id, deps.config.session, new Date());
      return { user, cookie: `${SESSION_COOKIE}=${token}` };
    },
    close: () => built.app.close(),
  };
}
