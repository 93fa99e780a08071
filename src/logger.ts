import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

/**
 * Paths whose last segment is a bearer secret (invitation and password-reset links, the feedback
 * stop link): logged as `…/[token]`, so a log reader cannot use them.
 */
const SECRET_PATHS = /^(\/(?:api\/)?(?:invite|reset-password|feedback\/stop)\/)[^/?#]+/;

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** The request fields worth a log line, with the query string dropped and secret segments masked. */
export function requestForLog(req: LoggedRequest): Record<string, unknown> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  return {
    method: req.method,
    url: path.replace(SECRET_PATHS, '$1[token]'),
    host: req.host,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}

/**
 * The process logger: JSON lines (for log shippers) unless stdout is a terminal, where lines are
 * made readable with pino-pretty. Request ids come from Fastify's child loggers.
 */
export function createLogger(level: LogLevel, name = 'parley'): Logger {
  const pretty = process.stdout.isTTY && process.env.PARLEY_LOG_FORMAT !== 'json';
  return pino({
    name,
    level,
    // Fastify's own request serializer is replaced so one-time links never reach the log.
    serializers: { req: requestForLog },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      remove: true,
    },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' },
          },
        }
      : {}),
  });
}
