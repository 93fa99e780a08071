import nodemailer, { type Transporter } from 'nodemailer';
import type { MailFrom } from '../config.js';

/** The outbox's sender: an SMTP connection and the From address. */
export interface Delivery {
  transport: Transporter;
  from: MailFrom;
}

/** SMTP_URL and MAIL_FROM as a nodemailer transport; null when no SMTP server is configured. */
export function createDelivery(smtpUrl: string | null, from: MailFrom | null): Delivery | null {
  if (smtpUrl === null || from === null) return null;
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // One connection reused for a run's mails, closed by the sender when the queue is empty.
    pool: true,
    maxConnections: 1,
    // A stalled server must not hold the sender for minutes: the mail is tried again later.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
  });
  return { transport, from };
}
