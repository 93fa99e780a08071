/**
 * Every numeric limit a request must respect, in one place: the request schemas in `common/api` are
 * built from these numbers and the web forms check the same ones, so a form never accepts what the
 * server refuses (or the reverse).
 */

/** An inclusive range; a bound left out is not limited. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
}

/** Staff accounts: sign-in, passwords, names. */
export const LIMITS = {
  emailMax: 254,
  nameMax: 120,
  passwordMin: 10,
  passwordMax: 200,
} as const;

/** The numeric audit settings (`AuditSettings`); for a nullable setting the range applies when it is set. */
export const AUDIT_SETTINGS_RANGES = {
  batch_size: { min: 1, max: 100 },
  /** Thirty days at most. */
  assignment_ttl_minutes: { min: 1, max: 60 * 24 * 30 },
  /** A share, 0..1. */
  calibration_share: { min: 0, max: 1 },
  /** Day counts stop at a century: more is "no limit" (null), and would overflow date arithmetic. */
  pool_since_days: { min: 1, max: 36_500 },
  pool_min_messages: { min: 0, max: 1_000_000 },
  pool_retention_days: { min: 1, max: 36_500 },
  data_retention_days: { min: 1, max: 36_500 },
} as const satisfies Readonly<Record<string, NumberRange>>;

/** Auditing a conversation. */
export const AUDIT_LIMITS = {
  /** Conversations one batch may ask for: the same range as the `batch_size` setting. */
  batchSize: AUDIT_SETTINGS_RANGES.batch_size,
  noteMax: 5000,
  /** The most `time_spent_ms` one audit may report (a day); the client caps its measurement to it. */
  timeSpentMaxMs: 24 * 60 * 60 * 1000,
  /** Campaign ids the pool may be limited to (`pool_campaign_ids`). */
  poolCampaignsMax: 10_000,
} as const;

/** The audit rubric. */
export const RUBRIC_LIMITS = {
  /** What a rubric item key may look like (a JSON-schema pattern; the web builds a RegExp of it). */
  keyPattern: '^[a-z][a-z0-9_]{0,39}$',
  labelMax: 80,
  descriptionMax: 500,
  weight: { min: 0, max: 100 },
  minItems: 1,
  maxItems: 9,
} as const;

/** Chatbots. */
export const BOT_LIMITS = {
  nameMax: 100,
  /** The furthest one simulator step may move its clock (ten years), and the clock in all. */
  simWaitMaxSeconds: 10 * 365 * 86_400,
  /** Text a simulator step may send as the contact's message or option. */
  simTextMax: 4000,
} as const;

/** Chatbot channels: what an inbound message may carry, how fast, and a bot's delivery settings. */
export const CHANNEL_LIMITS = {
  /** Text a contact's message may have (longer is refused, not cut). */
  textMax: 4000,
  /** A channel's id of a user or of an event. */
  idMax: 200,
  /** A button value sent back. */
  valueMax: 400,
  /** Raw body of one inbound request. */
  inboundBodyMaxBytes: 64 * 1024,
  /** A signed request older (or further in the future) than this is refused: no replay later. */
  signatureMaxAgeSeconds: 300,
  /** Web chat: messages one visitor token may send per minute, and one network address. */
  webPerTokenPerMinute: 30,
  webPerAddressPerMinute: 300,
  /** Origins one web channel may allow to embed it. */
  allowedOriginsMax: 20,
  /** Pause between consecutive messages of one turn (bots.message_delay_ms). */
  messageDelayMs: { min: 0, max: 10_000 },
  /** The web chat forgets the transcript after this long without activity. */
  webIdleMinutes: 30,
  /** Web chat reads (stream openings and polls): per visitor token and per network address. */
  webReadsPerTokenPerMinute: 120,
  webReadsPerAddressPerMinute: 1200,
} as const;

/** Spoke CSV uploads. */
export const IMPORT_LIMITS = {
  /** Largest CSV file one upload may carry. */
  fileMaxBytes: 1024 * 1024 * 1024,
  filesMax: 20,
  fileNameMax: 200,
  /**
   * Columns a CSV file may have: PostgreSQL allows 1600 in a table, and the table an import copies
   * a file into adds one (its record number).
   */
  csvColumnsMax: 1599,
} as const;

/** Feedback e-mails to texters. */
export const FEEDBACK_LIMITS = {
  /** Texters one preview or bulk send may name. */
  textersMax: 5000,
  /** The longest period one e-mail covers, in days (a year). */
  periodDaysMax: 366,
  /** Sends per page of the send log. */
  logPageMax: 200,
  /** The longest stop-link token accepted (longer is not one of ours). */
  tokenMax: 100,
  /** Suggestions one e-mail makes at most: a few, kindly. */
  suggestionsMax: 3,
  /** Messages of a conversation quoted with a suggestion, and characters per message. */
  excerptMessages: 4,
  excerptChars: 200,
} as const;
