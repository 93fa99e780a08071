/**
 * Recurring jobs in graphile-worker's crontab syntax (`min hour dom month dow task ?opts`).
 * One line per schedule; domains append theirs. `?fill=…` backfills runs missed while stopped.
 */
export const crontab: readonly string[] = [
  // Expired sessions and old login failures are of no use and hold personal data (IPs).
  '17 * * * * sessions_purge ?max=1',
  // Chatbot timeouts: one job a minute that sweeps due deadlines every 2 s (docs/chatbot.md#timeouts).
  '* * * * * chatbot_timeouts ?max=1',
  // Reply addresses of ended conversations (docs/chatbot.md#privacy); delivery erases most at once.
  '11 * * * * chatbot_addresses ?max=1',
  // Audit batches past their time go back to the pool (docs/audit.md#batch-expiry).
  '* * * * * audit_expire ?max=1',
  // New and updated conversations enter the pool (imports also trigger it at once).
  '*/10 * * * * audit_refresh_pool ?max=1',
  // Pool and data retention (conversations, contacts, opt-outs, import error rows), nightly.
  '43 3 * * * audit_trim ?max=1&fill=1d',
  // Uploaded import files left unrun or by a failed run (UPLOAD_RETENTION_HOURS).
  '29 * * * * uploads_purge ?max=1',
  // E-mail: due retries and mail left by a stopped sender; queueEmail wakes it at once (docs/email.md).
  '* * * * * email_send ?max=1',
  // One-time links erased from sent mail, old mail deleted (EMAIL_RETENTION_DAYS).
  '37 * * * * email_retention ?max=1',
  // Moderation rules over messages stored since their last run (imports also queue it at once).
  '*/10 * * * * moderation_rules ?max=1',
  // Flagged messages waiting too long, to moderators, every morning (docs/moderation.md#digest).
  '5 7 * * * moderation_digest ?max=1',
  // Report schedules whose time has come get a queued run each (docs/reports.md#schedules-and-checks).
  '* * * * * report_schedules_due ?max=1',
];
