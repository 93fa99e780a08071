import type { EmailConfig } from '../config.js';
import type { Db } from '../db/index.js';
import { trimOutbox } from './retention.js';
import { type SendResult, sendDueEmails } from './sender.js';
import { createDelivery } from './transport.js';

/** The `email_send` job: sends what is due with a connection opened for this run. */
export async function runEmailSender(
  db: Db,
  email: EmailConfig,
  options: { signal?: AbortSignal } = {},
): Promise<SendResult> {
  const delivery = createDelivery(email.smtpUrl, email.from);
  try {
    return await sendDueEmails(db, { delivery, signal: options.signal });
  } finally {
    delivery?.transport.close();
  }
}

/** The `email_retention` job (hourly): secret bodies erased, old mail deleted. */
export async function runEmailRetention(db: Db, email: EmailConfig, now: Date) {
  return trimOutbox(db, now, email.retentionDays);
}
