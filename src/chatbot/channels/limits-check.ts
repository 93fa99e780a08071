import type { ChannelKind } from '../../../common/api/channels.js';
import type { Db } from '../../db/index.js';
import { Conflict } from '../../errors.js';
import { CHANNEL_LIMITS, type ChannelName, validateBundle } from '../engine/index.js';
import { readRevision } from '../revisions.js';

export interface LimitProblem {
  readonly path: string;
  /** The bot's node (its code) or questionnaire the problem is in, when it is in one. */
  readonly where: string | null;
  readonly message: string;
}

/**
 * A channel whose buttons have limits (Twitter/X: 20 quick replies, labels of 36 characters) is
 * added to a bot only if the bot's current revision keeps to them: otherwise 409
 * `bot_exceeds_channel_limits`, each problem with its node named. Saving a revision checks the
 * same for the channels a bot has (bots.channels).
 */
export async function checkBotFitsChannel(db: Db, botId: number, kind: ChannelKind): Promise<void> {
  if (!(kind in CHANNEL_LIMITS) || CHANNEL_LIMITS[kind as ChannelName] === null) return;
  const bot = await db
    .selectFrom('bots')
    .select('current_revision_id')
    .where('id', '=', botId)
    .executeTakeFirst();
  if (!bot || bot.current_revision_id === null) return;
  const { bundle } = await readRevision(db, bot.current_revision_id);
  const checked = validateBundle(
    { bot: bundle.bot, questionnaires: bundle.questionnaires },
    { channels: [kind as ChannelName] },
  );
  if (checked.ok) return;
  const problems: LimitProblem[] = checked.errors
    .filter((issue) => issue.message.includes(`${kind} allows`))
    .map((issue) => ({ path: issue.path, where: whereOf(bundle, issue.path), message: issue.message }));
  if (problems.length === 0) return;
  const listed = problems.map((p) => `${p.where ?? p.path}: ${p.message}`).join('; ');
  throw new Conflict(
    `The bot's buttons do not fit ${kind}: ${listed}. Change the bot first.`,
    'bot_exceeds_channel_limits',
    problems,
  );
}

/** `bot.nodes[3]…` → `node "code"`; `questionnaires[0].questions[2]…` → `question "code"`. */
function whereOf(
  bundle: {
    bot: { nodes: readonly { code: string }[] };
    questionnaires: readonly { questions: readonly { code: string }[] }[];
  },
  path: string,
): string | null {
  const node = /^bot\.nodes\[(\d+)\]/.exec(path);
  if (node) {
    const code = bundle.bot.nodes[Number(node[1])]?.code;
    return code === undefined ? null : `node "${code}"`;
  }
  const question = /^questionnaires\[(\d+)\]\.questions\[(\d+)\]/.exec(path);
  if (question) {
    const code = bundle.questionnaires[Number(question[1])]?.questions[Number(question[2])]?.code;
    return code === undefined ? null : `question "${code}"`;
  }
  return null;
}
