import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { Invalid } from '../errors.js';
import type { EmailToQueue, RenderedEmail } from './kind.js';
import { renderWithTemplate } from './render.js';

/** The job that sends queued mail; one pending run at a time is enough, it drains the queue. */
export const SEND_TASK = 'email_send';

/** A plausible address: something@domain, no spaces or angle brackets (nodemailer does the rest). */
const ADDRESS = /^[^\s<>@]+@[^\s<>@]+$/;

/** Asks the worker to run the sender after this transaction commits. */
export async function wakeSender(db: Db): Promise<void> {
  await sql`select graphile_worker.add_job(${SEND_TASK}, '{}'::json, job_key := ${SEND_TASK},
              job_key_mode := 'preserve_run_at', max_attempts := 1)`.execute(db);
}

/**
 * Renders a mail and writes its outbox row in the caller's transaction, so the mail exists exactly
 * when what caused it does. The `email_send` job sends it after commit (held when no SMTP server is
 * configured).
 */
export async function queueEmail<V>(
  db: Db,
  mail: EmailToQueue<V>,
  now: Date,
): Promise<{ id: number } & RenderedEmail> {
  const address = mail.to.address.trim();
  if (!ADDRESS.test(address) || address.length > 254)
    throw new Invalid(`"${address}" is not an e-mail address.`, { field: 'to' }, 'invalid_email_address');
  const { rendered, templateId } = await renderWithTemplate(db, mail);
  const row = await db
    .insertInto('email_outbox')
    .values({
      kind: mail.kind.key,
      template_id: templateId,
      locale: mail.locale,
      to_address: address,
      to_name: oneLineName(mail.to.name),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      secret: mail.secret ?? false,
      status: 'queued',
      next_attempt_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const file of mail.attachments ?? []) {
    await db
      .insertInto('email_attachments')
      .values({
        outbox_id: row.id,
        filename: oneLineName(file.filename) || 'attachment',
        content_type: file.contentType,
        content: typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content,
      })
      .execute();
  }
  await wakeSender(db);
  return { id: row.id, ...rendered };
}

function oneLineName(name: string | undefined): string {
  return (name ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
}
