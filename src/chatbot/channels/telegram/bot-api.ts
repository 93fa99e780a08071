import { TELEGRAM_API_URL, type TelegramCredentials } from '../../../../common/api/channels.js';
import { postJson, type RemoteAnswer } from '../remote-http.js';

/** One call of the Telegram Bot API: `POST <base>/bot<token>/<method>` with a JSON body. */
export interface BotApiAnswer {
  readonly answer: RemoteAnswer;
  /** Telegram's `ok`. */
  readonly ok: boolean;
  /** Telegram's `description` of a failure (never the token: it is in the URL only). */
  readonly description: string;
  /** `parameters.retry_after` of a 429, in seconds. */
  readonly retryAfterSeconds?: number;
}

export async function callBotApi(
  baseUrl: string | undefined,
  credentials: TelegramCredentials,
  method: string,
  body: unknown,
  timeoutMs = 10_000,
): Promise<BotApiAnswer> {
  const base = (baseUrl ?? TELEGRAM_API_URL).replace(/\/+$/, '');
  const answer = await postJson(`${base}/bot${credentials.bot_token}/${method}`, JSON.stringify(body), {
    timeoutMs,
  });
  const json = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as {
    ok?: unknown;
    description?: unknown;
    parameters?: { retry_after?: unknown };
  };
  const retryAfter = json.parameters?.retry_after;
  return {
    answer,
    ok: answer.status >= 200 && answer.status < 300 && json.ok === true,
    description: typeof json.description === 'string' ? json.description.slice(0, 300) : answer.statusText,
    ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}),
  };
}
