/**
 * The CSV layouts Parley reads (docs/conversations.md), recognised from the header row alone:
 *
 * - `convo`: the flat file, one row per message, conversation fields repeated on each row;
 * - Spoke's "Export Data" pair, a contacts file and a `-messages` file, in three layouts:
 *   `legacy` (StateVoices before v10), `statevoices` (StateVoices ≥ v10, snake_case with contact
 *   ids) and `rewired` (Politics Rewired: the sender's texter[…] columns on each message).
 *
 * Each layout maps its header names to the logical fields below; what a layout lacks is simply
 * not said (e.g. legacy and StateVoices message rows do not name their sender).
 */

import type { ImportProblem } from '../../../../common/api/import-problems.js';

export type LayoutName = 'convo' | 'legacy' | 'statevoices' | 'rewired';
export type FileRole = 'contacts' | 'messages' | 'convo';

/** Logical fields a file may provide; values are header names. */
export interface FieldMap {
  campaign: string;
  campaignTitle?: string;
  /** The contact's Spoke id (StateVoices ≥ v10); without it conversations are keyed by cell. */
  conversationId?: string;
  cell?: string;
  firstName?: string;
  lastName?: string;
  zip?: string;
  externalId?: string;
  messageStatus?: string;
  /** Booleans; the contact is opted out when any is true. */
  optOut?: string[];
  texterFirst?: string;
  texterLast?: string;
  texterEmail?: string;
  texterCell?: string;
  tags?: string;
  createdAt?: string;
  updatedAt?: string;
  fromContact?: string;
  text?: string;
  sendStatus?: string;
  sentAt?: string;
}

export interface Layout {
  name: LayoutName;
  role: FileRole;
  fields: FieldMap;
  /** The assignee (contacts) or sender (messages) named by texter fields. */
  texterIs: 'assignee' | 'sender' | 'both' | null;
  /**
   * Survey questions: `question[<text>]` columns, and in the convo layout every column it does not
   * know (its header is the question): header name → question text.
   */
  questions: { header: string; question: string }[];
  /** Other columns kept as the contact's custom fields: header name → field name. */
  custom: { header: string; field: string }[];
}

/** Why no layout fits a header: a file problem (common/api/import-problems.ts) and its English. */
export type UnknownLayout = { name: null; reason: string } & Extract<
  ImportProblem,
  { code: 'empty_file' | 'duplicate_column' | 'duplicate_question' | 'unknown_layout' }
>;

const QUESTION = /^question\[(.*)\]$/s;
const CONTACT_FIELD = /^contact\[(.*)\]$/s;

/** Header names each layout requires, in the order the detection tries them. */
interface Candidate {
  name: LayoutName;
  role: FileRole;
  test: (has: (h: string) => boolean) => boolean;
  build: (has: (h: string) => boolean) => Omit<Layout, 'questions' | 'custom'>;
  /**
   * What the other columns (besides mapped ones, ignored ones and `question[…]`) are: custom
   * fields (`contact[…]` ones, or all), survey questions, or nothing kept.
   */
  customFrom: 'contact[]' | 'unmapped' | 'questions' | null;
}

/** Time columns of the convo layout, the first one present read as the message's time. */
const CONVO_TIMES = ['created_at', 'timestamp', 'sent_at', 'attempted_at', 'date'];

/** Columns of the convo layout; every other one is a survey question. */
const CONVO_COLUMNS = new Set([
  'contactnumber',
  'campaign_id',
  'campaign',
  'isfromcontact',
  'text',
  'texter[cell]',
  'tags',
  'opt_out',
  ...CONVO_TIMES,
]);

const optional = (has: (h: string) => boolean, header: string) => (has(header) ? header : undefined);

const CANDIDATES: Candidate[] = [
  {
    name: 'convo',
    role: 'convo',
    test: (has) => ['contactnumber', 'campaign_id', 'isfromcontact', 'text'].every(has),
    build: (has) => ({
      name: 'convo',
      role: 'convo',
      texterIs: has('texter[cell]') ? 'both' : null,
      fields: {
        campaign: 'campaign_id',
        campaignTitle: optional(has, 'campaign'),
        cell: 'contactnumber',
        fromContact: 'isfromcontact',
        text: 'text',
        texterCell: optional(has, 'texter[cell]'),
        tags: optional(has, 'tags'),
        optOut: has('opt_out') ? ['opt_out'] : undefined,
        sentAt: CONVO_TIMES.find(has),
      },
    }),
    customFrom: 'questions',
  },
  {
    name: 'statevoices',
    role: 'messages',
    test: (has) => ['campaign_contact_id', 'is_from_contact', 'text', 'attempted_at'].every(has),
    build: (has) => ({
      name: 'statevoices',
      role: 'messages',
      texterIs: null,
      fields: {
        campaign: 'campaign_id',
        conversationId: 'campaign_contact_id',
        cell: optional(has, 'contact_number'),
        fromContact: 'is_from_contact',
        text: 'text',
        sendStatus: optional(has, 'send_status'),
        sentAt: 'attempted_at',
      },
    }),
    customFrom: null,
  },
  {
    name: 'statevoices',
    role: 'contacts',
    test: (has) => ['id', 'campaign_id', 'cell'].every(has) && (has('texterFirst') || has('optedOut')),
    build: (has) => ({
      name: 'statevoices',
      role: 'contacts',
      texterIs: 'assignee',
      fields: {
        campaign: 'campaign_id',
        campaignTitle: optional(has, 'campaign'),
        conversationId: 'id',
        cell: 'cell',
        firstName: optional(has, 'first_name'),
        lastName: optional(has, 'last_name'),
        zip: optional(has, 'zip'),
        externalId: optional(has, 'external_id'),
        messageStatus: optional(has, 'message_status'),
        optOut: ['optedOut', 'optOutCampaign'].filter(has),
        texterFirst: optional(has, 'texterFirst'),
        texterLast: optional(has, 'texterLast'),
        texterEmail: optional(has, 'texterEmail'),
        texterCell: optional(has, 'texterCell'),
        tags: optional(has, 'tags'),
        createdAt: optional(has, 'created_at'),
        updatedAt: optional(has, 'updated_at'),
      },
    }),
    customFrom: 'unmapped',
  },
  {
    name: 'rewired',
    role: 'messages',
    test: (has) => ['contactNumber', 'isFromContact', 'text', 'campaignId', 'texter[firstName]'].every(has),
    build: (has) => ({
      name: 'rewired',
      role: 'messages',
      texterIs: 'sender',
      fields: {
        campaign: 'campaignId',
        cell: 'contactNumber',
        fromContact: 'isFromContact',
        text: 'text',
        sendStatus: optional(has, 'sendStatus'),
        sentAt: 'attemptedAt',
        texterFirst: 'texter[firstName]',
        texterLast: optional(has, 'texter[lastName]'),
        texterEmail: optional(has, 'texter[email]'),
        texterCell: optional(has, 'texter[cell]'),
      },
    }),
    customFrom: null,
  },
  {
    name: 'legacy',
    role: 'messages',
    test: (has) =>
      ['assignmentId', 'campaignId', 'contactNumber', 'isFromContact', 'attemptedAt', 'text'].every(has),
    build: (has) => ({
      name: 'legacy',
      role: 'messages',
      texterIs: null,
      fields: {
        campaign: 'campaignId',
        cell: 'contactNumber',
        fromContact: 'isFromContact',
        text: 'text',
        sendStatus: optional(has, 'sendStatus'),
        sentAt: 'attemptedAt',
      },
    }),
    customFrom: null,
  },
  {
    name: 'legacy',
    role: 'contacts',
    test: (has) =>
      ['campaignId', 'contact[cell]'].every(has) && (has('assignmentId') || has('texter[firstName]')),
    build: (has) => ({
      name: 'legacy',
      role: 'contacts',
      texterIs: 'assignee',
      fields: contactFields(has, {
        texterFirst: optional(has, 'texter[firstName]'),
        texterLast: optional(has, 'texter[lastName]'),
        texterEmail: optional(has, 'texter[email]'),
        texterCell: optional(has, 'texter[cell]'),
      }),
    }),
    customFrom: 'contact[]',
  },
  {
    name: 'rewired',
    role: 'contacts',
    test: (has) => ['campaignId', 'contact[cell]'].every(has),
    build: (has) => ({ name: 'rewired', role: 'contacts', texterIs: null, fields: contactFields(has, {}) }),
    customFrom: 'contact[]',
  },
];

function contactFields(has: (h: string) => boolean, texter: Partial<FieldMap>): FieldMap {
  return {
    campaign: 'campaignId',
    campaignTitle: optional(has, 'campaign'),
    cell: 'contact[cell]',
    firstName: optional(has, 'contact[firstName]'),
    lastName: optional(has, 'contact[lastName]'),
    zip: optional(has, 'contact[zip]'),
    externalId: optional(has, 'contact[external_id]'),
    messageStatus: optional(has, 'contact[messageStatus]'),
    optOut: has('contact[optOut]') ? ['contact[optOut]'] : undefined,
    tags: optional(has, 'contact[tags]') ?? optional(has, 'tags'),
    ...texter,
  };
}

/** Header names that are part of a layout but carry nothing the store keeps. */
const IGNORED = new Set([
  'assignmentId',
  'assignment_id',
  'userNumber',
  'user_number',
  'errorCode',
  'errorCodes',
  'error_code',
  'numSegments',
  'numMedia',
  'texter[alias]',
  'contact[city]',
  'contact[state]',
]);

/** Shows a header in an error message: its first columns, quoted. */
export function describeHeader(header: readonly string[]): string {
  const shown = header.slice(0, 8).map((h) => JSON.stringify(h));
  return header.length > 8 ? `${shown.join(', ')}, … (${header.length} columns)` : shown.join(', ');
}

/** The layout of a file from its header row, or why none fits. */
export function detectLayout(rawHeader: readonly string[]): Layout | UnknownLayout {
  const header = rawHeader.map((h) => h.trim());
  if (header.length === 0 || header.every((h) => h === ''))
    return { name: null, code: 'empty_file', reason: 'empty file (no header row)' };
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) {
      return {
        name: null,
        code: 'duplicate_column',
        params: { column: h },
        reason: `the header names column "${h}" twice`,
      };
    }
    seen.add(h);
  }
  const has = (h: string) => seen.has(h);
  const candidate = CANDIDATES.find((c) => c.test(has));
  if (!candidate) {
    const params = { header: describeHeader(header) };
    return {
      name: null,
      code: 'unknown_layout',
      params,
      reason: `unknown layout: the header row was ${params.header}`,
    };
  }
  const built = candidate.build(has);
  const mapped = new Set(
    Object.values(built.fields)
      .flat()
      .filter((v): v is string => typeof v === 'string'),
  );
  const { questions, custom } = otherColumns(header, candidate, mapped);
  const asked = new Set<string>();
  for (const { question } of questions) {
    if (asked.has(question)) {
      const reason = `the header names question "${question}" twice`;
      return { name: null, code: 'duplicate_question', params: { question }, reason };
    }
    asked.add(question);
  }
  return { ...built, questions, custom };
}

/** The columns a layout does not map: survey questions and custom fields. */
function otherColumns(
  header: readonly string[],
  candidate: Candidate,
  mapped: Set<string>,
): Pick<Layout, 'questions' | 'custom'> {
  const questions: Layout['questions'] = [];
  const custom: Layout['custom'] = [];
  for (const h of header) {
    const question = QUESTION.exec(h);
    if (question) {
      if (candidate.role !== 'messages') questions.push({ header: h, question: question[1] ?? '' });
      continue;
    }
    if (mapped.has(h) || IGNORED.has(h) || h === '') continue;
    if (candidate.customFrom === 'contact[]') {
      const field = CONTACT_FIELD.exec(h);
      if (field) custom.push({ header: h, field: field[1] ?? '' });
    } else if (candidate.customFrom === 'unmapped') {
      custom.push({ header: h, field: h });
    } else if (candidate.customFrom === 'questions' && !CONVO_COLUMNS.has(h)) {
      questions.push({ header: h, question: h });
    }
  }
  return { questions, custom };
}

/** `X.csv` + `X-messages.csv`: the base name shared by a pair, and which side a name is. */
export function pairName(fileName: string): { base: string; messages: boolean } {
  const stem = fileName.replace(/\.csv$/i, '');
  const match = /^(.*)[-_]messages$/i.exec(stem);
  return match ? { base: match[1] ?? '', messages: true } : { base: stem, messages: false };
}
