import { BOT_LIMITS } from '../../common/limits.js';
import { type BotBundle, CHANNEL_LIMITS, type ChannelName, validateBundle } from './engine/index.js';
import type { BotIssue } from './issues.js';

/**
 * Parley's own bot format: one JSON document with the bot's name, its config (explicit keys:
 * `entry`, `welcome_back`, `restart_questionnaire`, `end: finish|restart`…) and its
 * questionnaires. JSON Schema: docs/bot-bundle.schema.json.
 */
export interface BundleFile extends BotBundle {
  readonly name?: string;
}

export function toBundleFile(name: string, bundle: BotBundle): BundleFile {
  return { name, bot: bundle.bot, questionnaires: bundle.questionnaires };
}

export type CheckedBundle =
  | {
      readonly ok: true;
      readonly name: string | null;
      readonly bundle: BotBundle;
      readonly warnings: readonly BotIssue[];
    }
  | { readonly ok: false; readonly errors: readonly BotIssue[]; readonly warnings: readonly BotIssue[] };

/**
 * Validates a bundle (a file's content or an editor's text, already parsed) with the engine's
 * validator: every error at once, each with its JSON path. A `name` key is taken out first.
 */
export function checkBundle(input: unknown, channels: readonly string[] = []): CheckedBundle {
  let name: string | null = null;
  let rest = input;
  const errors: BotIssue[] = [];
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && 'name' in input) {
    const { name: given, ...others } = input as Record<string, unknown>;
    rest = others;
    if (typeof given !== 'string' || given.trim() === '')
      errors.push({ file: 'bundle', path: 'name', message: 'must be a non-empty string', code: 'empty' });
    else if (given.trim().length > BOT_LIMITS.nameMax)
      errors.push({
        file: 'bundle',
        path: 'name',
        message: `must be at most ${BOT_LIMITS.nameMax} characters`,
        code: 'too_long',
        params: { max: BOT_LIMITS.nameMax },
      });
    else name = given.trim();
  }
  const validated = validateBundle(rest, { channels: channels.filter(isChannel) });
  const warnings = validated.warnings.map((w) => ({ ...w, file: 'bundle' as const }));
  if (!validated.ok || errors.length > 0) {
    const all = [...errors, ...(validated.ok ? [] : validated.errors)];
    return { ok: false, errors: all.map((e) => ({ ...e, file: 'bundle' as const })), warnings };
  }
  return { ok: true, name, bundle: validated.bundle, warnings };
}

function isChannel(name: string): name is ChannelName {
  return Object.hasOwn(CHANNEL_LIMITS, name);
}
