import type { Task } from 'graphile-worker';
import type { Db } from '../db/index.js';
import { RESET_TASK, sendPasswordReset } from './commands/reset-password.js';

/** The users domain's jobs, for src/jobs/tasks.ts. */
export function userTasks(db: Db): { [RESET_TASK]: Task } {
  return {
    // Queued by `POST /api/auth/password-reset` for every request, known address or not.
    [RESET_TASK]: async (payload) => {
      const { email, public_url: publicUrl } = (payload ?? {}) as { email?: unknown; public_url?: unknown };
      if (typeof email !== 'string' || typeof publicUrl !== 'string')
        throw new Error(`${RESET_TASK} needs {"email": …, "public_url": …}`);
      await sendPasswordReset(db, { email, publicUrl, now: new Date() });
    },
  };
}
