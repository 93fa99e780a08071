import type { Task } from 'graphile-worker';
import { DEFAULT_EMAIL_RETENTION_DAYS, type EmailConfig } from '../config.js';
import type { Db } from '../db/index.js';
import { runEmailRetention, runEmailSender } from './run.js';

/** Without settings (tests, tools) nothing is sent: mail is held. */
const NO_SMTP: EmailConfig = { smtpUrl: null, from: null, retentionDays: DEFAULT_EMAIL_RETENTION_DAYS };

/** The e-mail module's jobs, for src/jobs/tasks.ts (docs/email.md, "Sending"). */
export function emailTasks(
  db: Db,
  email: EmailConfig = NO_SMTP,
): { email_send: Task; email_retention: Task } {
  return {
    email_send: async (_payload, helpers) => {
      const { sent, retrying, failed, held } = await runEmailSender(db, email, {
        signal: helpers.abortSignal,
      });
      if (sent + retrying + failed + held > 0)
        helpers.logger.info(`e-mail: ${sent} sent, ${retrying} to retry, ${failed} failed, ${held} held`);
    },
    email_retention: async (_payload, helpers) => {
      const { erased, deleted } = await runEmailRetention(db, email, new Date());
      if (erased + deleted > 0)
        helpers.logger.info(`e-mail: ${erased} one-time links erased, ${deleted} old mails deleted`);
    },
  };
}
