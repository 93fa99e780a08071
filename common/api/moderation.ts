import { type Static, Type } from 'typebox';
import { BigId, DateTime, Id, Nullable } from './typebox.js';

/** API shapes of moderation (docs/moderation.md), shared by the server and the web UI. */

export const FLAG_ACTIONS = ['agree', 'disagree', 'defer'] as const;
export type FlagAction = (typeof FLAG_ACTIONS)[number];
export const ITEM_STATUSES = ['pending', 'agreed', 'disagreed', 'deferred'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const HISTORY_ACTIONS = [
  'created',
  'claimed',
  'unclaimed',
  'agreed',
  'disagreed',
  'deferred',
  'reopened',
] as const;

const Note = Type.String({ maxLength: 2000 });
const NameKey = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

export const FlagTypeView = Type.Object({
  id: Type.Integer(),
  name_key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  severity: Type.Integer(),
  builtin: Type.Boolean(),
  enabled: Type.Boolean(),
});
export type FlagTypeView = Static<typeof FlagTypeView>;
export const FlagTypeList = Type.Object({ types: Type.Array(FlagTypeView) });
export type FlagTypeList = Static<typeof FlagTypeList>;

export const CreateFlagTypeBody = Type.Object({
  name_key: NameKey,
  name: Type.String({ minLength: 1, maxLength: 80 }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
});
export type CreateFlagTypeBody = Static<typeof CreateFlagTypeBody>;
export const UpdateFlagTypeBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  enabled: Type.Optional(Type.Boolean()),
});
export type UpdateFlagTypeBody = Static<typeof UpdateFlagTypeBody>;

export const RaiseFlagBody = Type.Object({
  message_id: BigId,
  /** The message's conversation: optional, but without it finding the message reads every message. */
  conversation_id: Type.Optional(BigId),
  /** A flag type's id or its name_key. */
  type: Type.Union([Id, NameKey]),
  note: Type.Optional(Note),
});
export type RaiseFlagBody = Static<typeof RaiseFlagBody>;

const PersonRef = Type.Object({ id: Type.Integer(), name: Type.String() });
const Flagger = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('rule')]),
  id: Nullable(Type.Integer()),
  name: Type.String(),
});

export const FlagView = Type.Object({
  id: Type.Integer(),
  item_id: Type.Integer(),
  message_id: Type.Integer(),
  type: Type.Object({ id: Type.Integer(), name_key: Type.String(), name: Type.String() }),
  flagger: Flagger,
  note: Nullable(Type.String()),
  created_at: DateTime,
  resolution: Nullable(
    Type.Union([Type.Literal('agreed'), Type.Literal('disagreed'), Type.Literal('deferred')]),
  ),
  resolved_at: Nullable(DateTime),
  resolved_by: Nullable(PersonRef),
});
export type FlagView = Static<typeof FlagView>;

export const ItemSummary = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('agreed'),
    Type.Literal('disagreed'),
    Type.Literal('deferred'),
  ]),
  severity: Type.Integer(),
  pending_since: DateTime,
  /** Pending longer than the configured age (settings.stale_hours). */
  stale: Type.Boolean(),
  message: Type.Object({
    id: Type.Integer(),
    conversation_id: Type.Integer(),
    text: Type.String(),
    from_contact: Type.Boolean(),
    sent_at: DateTime,
  }),
  campaign: Type.Object({ id: Type.Integer(), title: Type.String() }),
  texter: Nullable(PersonRef),
  types: Type.Array(Type.String()),
  flag_count: Type.Integer(),
  pending_flag_count: Type.Integer(),
  claimed_by: Nullable(PersonRef),
  claim_expires_at: Nullable(DateTime),
  resolved_at: Nullable(DateTime),
  resolved_by: Nullable(PersonRef),
  resolution_note: Nullable(Type.String()),
});
export type ItemSummary = Static<typeof ItemSummary>;

export const QueueQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal('pending'), Type.Literal('resolved'), Type.Literal('all')], {
      default: 'pending',
    }),
  ),
  type: Type.Optional(Id),
  campaign: Type.Optional(Id),
  texter: Type.Optional(Id),
  flagger: Type.Optional(Id),
  rule: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
});
export type QueueQuery = Static<typeof QueueQuery>;
export const QueuePage = Type.Object({
  items: Type.Array(ItemSummary),
  next_cursor: Nullable(Type.String()),
});
export type QueuePage = Static<typeof QueuePage>;

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  action: Type.Union([
    Type.Literal('created'),
    Type.Literal('claimed'),
    Type.Literal('unclaimed'),
    Type.Literal('agreed'),
    Type.Literal('disagreed'),
    Type.Literal('deferred'),
    Type.Literal('reopened'),
  ]),
  flag_id: Nullable(Type.Integer()),
  by: Nullable(Flagger),
  note: Nullable(Type.String()),
  at: DateTime,
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const ItemDetail = Type.Object({
  item: ItemSummary,
  conversation: Type.Object({
    id: Type.Integer(),
    contact_first_name: Type.String(),
    messages: Type.Array(
      Type.Object({
        id: Type.Integer(),
        text: Type.String(),
        from_contact: Type.Boolean(),
        sent_at: DateTime,
      }),
    ),
  }),
  flags: Type.Array(FlagView),
  history: Type.Array(HistoryEntry),
});
export type ItemDetail = Static<typeof ItemDetail>;

export const ResolveBody = Type.Object({
  action: Type.Union([Type.Literal('agree'), Type.Literal('disagree'), Type.Literal('defer')]),
  /** The item version the moderator saw: a changed item is refused (409 with its current state). */
  version: Type.Integer({ minimum: 1 }),
  note: Type.Optional(Note),
});
export type ResolveBody = Static<typeof ResolveBody>;
export const VersionBody = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  note: Type.Optional(Note),
});
export type VersionBody = Static<typeof VersionBody>;

export const ModerationSettings = Type.Object({
  claim_minutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  stale_hours: Type.Integer({ minimum: 1, maximum: 720 }),
  digest_enabled: Type.Boolean(),
});
export type ModerationSettings = Static<typeof ModerationSettings>;
export const ModerationSettingsPatch = Type.Partial(ModerationSettings);
export type ModerationSettingsPatch = Static<typeof ModerationSettingsPatch>;

export const RULE_KINDS = ['keyword', 'regex', 'profanity', 'stop_not_opted_out'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RuleView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Union([
    Type.Literal('keyword'),
    Type.Literal('regex'),
    Type.Literal('profanity'),
    Type.Literal('stop_not_opted_out'),
  ]),
  terms: Type.Array(Type.String()),
  pattern: Nullable(Type.String()),
  flag_type_id: Type.Integer(),
  enabled: Type.Boolean(),
  builtin: Type.Boolean(),
});
export type RuleView = Static<typeof RuleView>;
export const RuleList = Type.Object({ rules: Type.Array(RuleView) });
export type RuleList = Static<typeof RuleList>;
const Terms = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 2000 });
export const CreateRuleBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  kind: Type.Union([Type.Literal('keyword'), Type.Literal('regex')]),
  terms: Type.Optional(Terms),
  pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  flag_type_id: Id,
  enabled: Type.Optional(Type.Boolean()),
});
export type CreateRuleBody = Static<typeof CreateRuleBody>;
export const UpdateRuleBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  terms: Type.Optional(Terms),
  pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  flag_type_id: Type.Optional(Id),
  enabled: Type.Optional(Type.Boolean()),
});
export type UpdateRuleBody = Static<typeof UpdateRuleBody>;
export const RuleCampaignBody = Type.Object({ campaign_id: Id });
export const RulePreview = Type.Object({
  scanned: Type.Integer(),
  matched: Type.Integer(),
  samples: Type.Array(
    Type.Object({ message_id: Type.Integer(), conversation_id: Type.Integer(), text: Type.String() }),
  ),
});
export type RulePreview = Static<typeof RulePreview>;
export const RuleRunResult = Type.Object({ scanned: Type.Integer(), flagged: Type.Integer() });
export type RuleRunResult = Static<typeof RuleRunResult>;

export const CampaignChoices = Type.Object({
  campaigns: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String() })),
});
export type CampaignChoices = Static<typeof CampaignChoices>;
