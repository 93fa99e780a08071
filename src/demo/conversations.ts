import type pg from 'pg';
import { refreshPool } from '../audit/index.js';
import { findSourceByName } from '../conversations/index.js';
import type { Db } from '../db/index.js';
import { type CsvSource, importSpokeCsv, textSource } from '../sources/spoke/index.js';

/**
 * Demo conversations for the audit screen: three Spoke-like campaigns (about 300 conversations
 * with surveys, tags, opt-outs and a few texter mistakes worth catching), written as Spoke
 * "Export Data" files (StateVoices ≥ v10 layout) and imported through the real CSV importer, so
 * the demo is exactly what an import of a real export gives. Deterministic for a given `now`
 * (dates are relative to it); re-running changes nothing.
 */

const DEMO_SOURCE = 'demo';

interface CampaignPlan {
  id: number;
  file: string;
  title: string;
  contacts: number;
  question: string;
  answers: string[];
  opener: string;
  tags: string[];
}

const CAMPAIGNS: CampaignPlan[] = [
  {
    id: 9001,
    file: 'demo-gotv',
    title: 'Get out the vote — November',
    contacts: 150,
    question: 'Will you vote?',
    answers: ['Yes', 'No', 'Maybe', 'Already voted'],
    opener:
      'Hi {name}, this is {texter} with Vote Forward. Election day is Tuesday — can we count on your vote?',
    tags: ['Needs a ride', 'Wrong number', 'Spanish speaker'],
  },
  {
    id: 9002,
    file: 'demo-census',
    title: 'Census reminder',
    contacts: 90,
    question: 'Have you filled in the census?',
    answers: ['Yes', 'No'],
    opener: 'Hello {name}! {texter} here from Count Us In. Have you filled in your census form yet?',
    tags: ['Wrong number', 'Asked for paper form'],
  },
  {
    id: 9003,
    file: 'demo-volunteers',
    title: 'Volunteer recruitment',
    contacts: 60,
    question: 'Can you volunteer?',
    answers: ['Yes', 'No', 'Later'],
    opener:
      'Hi {name}, {texter} from the food bank. We need help sorting donations this Saturday — could you join us?',
    tags: ['Has a car', 'Wrong number'],
  },
];

const TEXTERS = [
  ['Ana', 'Souza'],
  ['Ben', 'Okafor'],
  ['Carla', 'Mendes'],
  ['Dev', 'Patel'],
  ['Eli', 'Nakamura'],
  ['Fatima', 'Haddad'],
  ['Gus', 'Larsen'],
  ['Hana', 'Kim'],
] as const;

const FIRST_NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Luis',
  'Mei',
  'Tom',
  'Priya',
  'Omar',
  'Sofia',
  'Jamal',
  'Lena',
  'Diego',
];
const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Johnson',
  'Nguyen',
  'Brown',
  'Silva',
  'Khan',
  'Lopez',
  'Rossi',
  'Walker',
];

/** A small seeded generator (mulberry32): the same demo every time. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csv = (value: string | number | boolean | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const line = (cells: (string | number | boolean | null)[]) => `${cells.map(csv).join(',')}\n`;

type Reply = { text: string; answer: string | null; stop?: boolean; tag?: string; followUp?: string };

function replies(plan: CampaignPlan): Reply[] {
  const [yes, no] = plan.answers;
  return [
    { text: 'Yes, definitely!', answer: yes ?? null, followUp: 'Wonderful, thank you! 🎉' },
    { text: 'yes', answer: yes ?? null, followUp: 'Thanks so much!' },
    {
      text: 'No thanks, not this time.',
      answer: no ?? null,
      followUp: 'No problem, thanks for letting me know.',
    },
    {
      text: 'Maybe, I have to work that day',
      answer: plan.answers[2] ?? null,
      followUp: 'Understood! Early options are on our site.',
    },
    { text: 'STOP', answer: null, stop: true },
    { text: 'Stop texting me.', answer: null, stop: true },
    {
      text: 'Who is this? You have the wrong number',
      answer: null,
      tag: 'Wrong number',
      followUp: 'Sorry about that!',
    },
    {
      text: 'Where do I go for this?',
      answer: null,
      followUp: 'You can find everything at example.org/help — thanks for asking!',
    },
    {
      text: 'Claro que sí',
      answer: yes ?? null,
      tag: plan.tags.includes('Spanish speaker') ? 'Spanish speaker' : undefined,
    },
    { text: '<img src=x onerror=alert(1)> lol', answer: null },
  ];
}

export interface DemoExport {
  files: CsvSource[];
  conversations: number;
}

const CONTACT_COLUMNS = [
  'id',
  'campaign_id',
  'campaign',
  'assignment_id',
  'optOutCampaign',
  'optedOut',
  'texterFirst',
  'texterLast',
  'texterEmail',
  'texterCell',
  'first_name',
  'last_name',
  'cell',
  'zip',
  'external_id',
  'message_status',
  'created_at',
  'updated_at',
  'tags',
];

const MESSAGE_COLUMNS = [
  'campaign_contact_id',
  'campaign_id',
  'user_number',
  'contact_number',
  'is_from_contact',
  'send_status',
  'attempted_at',
  'text',
  'error_code',
];

interface Draw {
  rand: () => number;
  pick: <T>(items: readonly T[]) => T;
}

/** The demo's Spoke export files, dated relative to `now`. */
export function demoSpokeExport(now: Date): DemoExport {
  const rand = random(20261122);
  const draw: Draw = { rand, pick: (items) => items[Math.floor(rand() * items.length)]! };
  const files: CsvSource[] = [];
  let conversations = 0;
  let contactId = 900_000;
  for (const plan of CAMPAIGNS) {
    let contactsCsv = line([...CONTACT_COLUMNS, `question[${plan.question}]`]);
    let messagesCsv = line(MESSAGE_COLUMNS);
    const options = replies(plan);
    for (let i = 0; i < plan.contacts; i++) {
      contactId++;
      conversations++;
      const rows = demoConversation(plan, options, contactId, now, draw);
      contactsCsv += rows.contact;
      messagesCsv += rows.messages;
    }
    files.push(
      textSource(`${plan.file}.csv`, contactsCsv),
      textSource(`${plan.file}-messages.csv`, messagesCsv),
    );
  }
  return { files, conversations };
}

/** One contact's row and message rows; draws from the seeded generator in a fixed order. */
function demoConversation(
  plan: CampaignPlan,
  options: Reply[],
  contactId: number,
  now: Date,
  { rand, pick }: Draw,
): { contact: string; messages: string } {
  const texterIndex = Math.floor(rand() * TEXTERS.length);
  const [texterFirst, texterLast] = TEXTERS[texterIndex]!;
  const first = pick(FIRST_NAMES);
  const last = pick(LAST_NAMES);
  const cell = `+1202555${String(contactId % 10000).padStart(4, '0')}`;
  const texterCell = `+1202444${String(1000 + texterIndex)}`;
  const started = new Date(now.getTime() - (1 + rand() * 13) * 86_400_000);
  const at = (minutes: number) => new Date(started.getTime() + minutes * 60_000).toISOString();
  const messages: [boolean, string, string][] = [
    [false, plan.opener.replace('{name}', first).replace('{texter}', texterFirst), at(0)],
  ];
  let answer: string | null = null;
  let optedOut = false;
  const tags: string[] = [];
  if (rand() < 0.85) {
    const reply = pick(options);
    messages.push([true, reply.text, at(3 + Math.floor(rand() * 120))]);
    // Most texters record what the contact said; some slip (that is what audits catch).
    answer = reply.answer !== null && rand() < 0.9 ? reply.answer : rand() < 0.05 ? pick(plan.answers) : null;
    if (reply.stop) {
      optedOut = rand() < 0.85;
      if (!optedOut && rand() < 0.5)
        messages.push([false, 'Sorry to bother you! One more thing: …', at(200)]);
    } else if (reply.followUp) {
      messages.push([false, reply.followUp, at(130 + Math.floor(rand() * 60))]);
    }
    if (reply.tag && rand() < 0.8) tags.push(reply.tag);
    else if (rand() < 0.1) tags.push(pick(plan.tags));
  }
  const updated = messages.at(-1)![2];
  const contact = line([
    contactId,
    plan.id,
    plan.title,
    plan.id * 10 + texterIndex,
    optedOut,
    optedOut,
    texterFirst,
    texterLast,
    `${texterFirst.toLowerCase()}@volunteers.example`,
    texterCell,
    first,
    last,
    cell,
    String(20000 + (contactId % 900)),
    `ext-${contactId}`,
    messages.length > 1 ? (optedOut ? 'closed' : 'convo') : 'messaged',
    at(-60),
    updated,
    tags.join(','),
    answer ?? '',
  ]);
  const rows = messages.map(([fromContact, text, sentAt]) =>
    line([contactId, plan.id, texterCell, cell, fromContact, 'DELIVERED', sentAt, text, '']),
  );
  return { contact, messages: rows.join('') };
}

/**
 * Imports the demo conversations (source `demo`) once and brings the audit pool up to date;
 * returns how many conversations were imported (0 when the demo source exists already).
 */
export async function seedDemoConversations(deps: { db: Db; pool: pg.Pool }, now: Date): Promise<number> {
  if (await findSourceByName(deps.db, DEMO_SOURCE)) return 0;
  const { files, conversations } = demoSpokeExport(now);
  await importSpokeCsv({ pool: deps.pool, files, source: DEMO_SOURCE, now: () => now });
  await refreshPool(deps.db, now);
  return conversations;
}
