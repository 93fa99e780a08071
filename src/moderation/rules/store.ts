import type { Selectable } from 'kysely';
import type { ModerationRules } from '../../db/types.js';

export type RuleRow = Selectable<ModerationRules>;
