import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshPool } from '../../src/audit/index.js';
import { SESSION_COOKIE } from '../../src/http/request.js';
import { createSession, createUser } from '../../src/users/index.js';
import { testConfig } from '../harness/app.js';
import { exited, freePort, spawnCli, waitForOutput } from '../harness/cli.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';

/**
 * Three Parley processes on one database, 50 auditors asking for batches at once through HTTP,
 * round after round: no conversation is ever in two batches, every batch is full while the pool
 * can fill it, and the per-campaign free counts stay exact.
 */
const testDb = setupTestDatabase();
const servers: { child: ReturnType<typeof spawnCli>; url: string }[] = [];
const SECRET = 'multi-process-secret-multi-process-secret';
/** The servers' error log lines, shown when a reply is neither a batch nor "pool empty". */
const serverErrors: string[] = [];

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const child = spawnCli(['serve', ...(i === 0 ? [] : ['--no-worker'])], {
      DATABASE_URL: testDb.url,
      PORT: String(port),
      PARLEY_SECRET: SECRET,
      PARLEY_DEMO: 'off',
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (/"level":(50|60)/.test(line)) serverErrors.push(line);
    });
    servers.push({ child, url: `http://127.0.0.1:${port}` });
  }
  await Promise.all(servers.map((s) => waitForOutput(s.child, /Parley is running at/)));
});

afterAll(async () => {
  for (const { child } of servers) child.kill('SIGTERM');
  await Promise.all(servers.map((s) => exited(s.child)));
});

describe('batch assignment across processes', () => {
  it('never puts a conversation in two batches with 50 concurrent auditors on 3 processes', async () => {
    const now = new Date();
    await seedCampaigns(
      testDb.db,
      Array.from({ length: 30 }, (_, i) => ({
        conversations: 20 + ((i * 37) % 90),
        newest: new Date(now.getTime() - i * 3_600_000),
      })),
    );
    await refreshPool(testDb.db, now);
    await sql`update audit_settings set resume_unfinished = false, batch_size = 10`.execute(testDb.db);
    const poolSize = Number(
      (await sql<{ n: number }>`select count(*)::int as n from audit_pool`.execute(testDb.db)).rows[0]!.n,
    );

    const config = testConfig({ PARLEY_SECRET: SECRET });
    const cookies: string[] = [];
    for (let i = 0; i < 50; i++) {
      const user = await createUser(testDb.db, {
        email: `mp${i}@example.org`,
        role: 'auditor',
        password: 'long password 1',
      });
      cookies.push(`${SESSION_COOKIE}=${await createSession(testDb.db, user.id, config.session, now)}`);
    }

    const batches: { id: number; items: number[] }[] = [];
    let empty = 0;
    for (let round = 0; round < 5; round++) {
      const replies = await Promise.all(
        cookies.map(async (cookie, i) => {
          const server = servers[(i + round) % servers.length]!;
          const response = await fetch(`${server.url}/api/audit/batches`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: '{}',
          });
          return {
            status: response.status,
            body: (await response.json()) as { id: number; items: { conversation_id: number }[] },
          };
        }),
      );
      for (const reply of replies) {
        if (reply.status === 409) {
          empty++;
          continue;
        }
        expect(reply.status, serverErrors.join('\n')).toBe(201);
        batches.push({ id: reply.body.id, items: reply.body.items.map((i) => i.conversation_id) });
      }
    }

    const all = batches.flatMap((b) => b.items);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(batches.map((b) => b.id)).size).toBe(batches.length);
    // Full batches while the pool could fill them: only the last one may be short.
    const short = batches.filter((b) => b.items.length < 10);
    expect(short.length).toBeLessThanOrEqual(1);
    expect(all.length).toBe(Math.min(poolSize, 250 * 10));
    if (all.length === poolSize) expect(empty).toBeGreaterThan(0);

    const { rows } = await sql<{ wrong: number }>`
      select count(*)::int as wrong from audit_campaign_free c
       where c.free_count <> (select count(*) from audit_pool p where p.campaign_id = c.campaign_id
                               and p.assigned_to is null and p.audited_at is null)`.execute(testDb.db);
    expect(rows[0]!.wrong).toBe(0);
  });
});
