import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

/**
 * The process logger: JSON lines (for log shippers) unless stdout is a terminal, where lines are
 * made readable with pino-pretty. Request ids come from Fastify's child loggers.
 */
export function createLogger(level: LogLevel, name = 'parley'): Logger {
  const pretty = process.stdout.isTTY && process.env.PARLEY_LOG_FORMAT !== 'json';
  return pino({
    name,
    level,
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
