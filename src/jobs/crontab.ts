/**
 * Recurring jobs in graphile-worker's crontab syntax (`min hour dom month dow task ?opts`).
 * One line per schedule; domains append theirs. `?fill=…` backfills runs missed while stopped.
 */
export const crontab: readonly string[] = [
  // Expired sessions and old login failures are of no use and hold personal data (IPs).
  '17 * * * * sessions_purge ?max=1',
];
