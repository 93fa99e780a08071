import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DropOffView } from '../../../../../common/api/bot-drop-off.js';
import { asEditable, type EditableBundle } from '../bundle-model.js';
import { validateBundle } from '../engine.js';
import {
  addHandOver,
  addMessage,
  addReply,
  deleteNode,
  handOverTo,
  moveReply,
  removeReply,
  renameNode,
  setRole,
  updateReply,
} from './flow-edits.js';
import { biggestDropOffs, boxOfIssue, END_ID, flowGraph } from './flow-graph.js';
import { layoutFlow } from './flow-layout.js';

/** The flow canvas's model: its edits of the draft, the graph it draws with the validator's issues, the layout. */
const demo = (): EditableBundle => {
  const bundle = asEditable(
    JSON.parse(
      readFileSync(new URL('../../../../../src/chatbot/demo/demo-bot.json', import.meta.url), 'utf8'),
    ),
  );
  if (!bundle) throw new Error('the demo bot is not editable');
  return bundle;
};

function validation(bundle: EditableBundle) {
  const result = validateBundle(bundle);
  return { errors: result.ok ? [] : result.errors, warnings: result.warnings };
}

const graphOf = (bundle: EditableBundle, dropOff: DropOffView | null = null) =>
  flowGraph(bundle, validation(bundle), dropOff, 'Back');

describe('the flow canvas model', () => {
  it('draws the demo bot: messages with their buttons, the hand-over, the questionnaire, its end and back to start', () => {
    const bundle = demo();
    const graph = graphOf(bundle);
    const kinds = graph.boxes.map((b) => [b.id, b.data.kind, 'code' in b.data ? b.data.code : '']);
    expect(kinds).toEqual([
      ['n0', 'message', 'node_tos'],
      ['n1', 'message', 'node_welcome_back'],
      ['n2', 'message', 'node_tos_refused'],
      ['n3', 'handover', 'node_tos_accepted'],
      ['q0', 'questionnaire', ''],
      [END_ID, 'end', ''],
    ]);
    expect(graph.links.map((l) => [l.kind, l.source, l.sourceHandle, l.target, l.label])).toEqual([
      ['reply', 'n0', 'r0', 'n3', '👍 Sim'],
      ['reply', 'n0', 'r1', 'n2', '👎 Não'],
      ['reply', 'n1', 'r0', 'n3', '🔃 Começar novamente'],
      ['reply', 'n2', 'r0', 'n0', '🔙 Voltar'],
      ['handover', 'n3', 'q', 'q0', ''],
      ['finish', 'q0', 'out', END_ID, ''],
      ['back', END_ID, 'out', 'n1', 'Back'],
    ]);
    const first = graph.boxes[0]?.data;
    expect(first?.kind === 'message' && first.roles).toEqual(['entry']);
    const questionnaire = graph.boxes[4]?.data;
    expect(questionnaire?.kind === 'questionnaire' && questionnaire.restart).toBe(true);
    expect(graph.links.every((l) => !l.broken && l.traffic === null)).toBe(true);
  });

  it('puts each issue on the box its path is in; a target that does not exist gets a red box', () => {
    let bundle = demo();
    bundle = updateReply(bundle, 0, 1, { metadata: 'nowhere' });
    bundle = updateReply(bundle, 1, 0, { label: '' });
    const graph = graphOf(bundle);
    const tos = graph.boxes.find((b) => b.id === 'n0')?.data;
    expect(tos?.kind === 'message' && tos.issues.map((i) => [i.path, i.code])).toEqual([
      ['bot.nodes[0].quick_replies[1].metadata', 'unknown_target'],
    ]);
    const welcome = graph.boxes.find((b) => b.id === 'n1')?.data;
    expect(welcome?.kind === 'message' && welcome.issues.map((i) => [i.path, i.code])).toEqual([
      ['bot.nodes[1].quick_replies[0].label', 'empty'],
    ]);
    expect(graph.boxes.find((b) => b.id === 'missing-node:nowhere')?.data).toEqual({
      kind: 'missing',
      code: 'nowhere',
      of: 'node',
    });
    expect(graph.links.find((l) => l.id === 'r0.1')).toMatchObject({
      target: 'missing-node:nowhere',
      broken: true,
    });
    // node_tos_refused is reached by nothing now: its own problem, on its own box.
    const refused = graph.boxes.find((b) => b.id === 'n2')?.data;
    expect(refused?.kind === 'message' && refused.issues.map((i) => i.code)).toEqual(['unreachable']);
    expect(graph.botIssues).toEqual([]);
    // A setting is on no box.
    const settings = demo();
    const wrong = graphOf({ ...settings, bot: { ...settings.bot, timeout_seconds: -1 } });
    expect(wrong.botIssues.map((i) => [i.path, i.code])).toEqual([['bot.timeout_seconds', 'too_small']]);
    expect(boxOfIssue('questionnaires[0].questions[3].relevance')).toBe('q0');
    expect(boxOfIssue('bot.entry')).toBeNull();
  });

  it('adds, connects, renames and deletes nodes; buttons that led to a deleted node lead nowhere', () => {
    let bundle = demo();
    const message = addMessage(bundle);
    bundle = message.bundle;
    expect(bundle.bot.nodes[message.index]).toEqual({
      code: 'node_5',
      type: 'text_message',
      messages: [''],
      quick_replies: [],
      attachment: null,
    });
    bundle = addReply(bundle, 0, 'node_5', 'Mais tarde');
    expect(validateBundle(bundle).ok).toBe(true);
    const renamed = renameNode(bundle, message.index, 'node_later');
    if (!renamed.ok) throw new Error('refused');
    bundle = renamed.bundle;
    expect(bundle.bot.nodes[0]?.type === 'text_message' && bundle.bot.nodes[0].quick_replies[2]).toEqual({
      label: 'Mais tarde',
      metadata: 'node_later',
    });
    expect(renameNode(bundle, message.index, 'node_tos')).toEqual({ ok: false, refused: 'taken' });
    expect(renameNode(bundle, message.index, '  ')).toEqual({ ok: false, refused: 'empty' });
    // The entry, welcome back and tag scenarios follow a renamed node.
    const entry = renameNode(setRole(bundle, 'welcome_back', 'node_tos'), 0, 'start');
    if (!entry.ok) throw new Error('refused');
    expect([entry.bundle.bot.entry, entry.bundle.bot.welcome_back]).toEqual(['start', 'start']);

    const deleted = deleteNode(bundle, message.index);
    expect(deleted.bot.nodes).toHaveLength(4);
    const result = validateBundle(deleted);
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.code])).toEqual([
      ['bot.nodes[0].quick_replies[2].metadata', 'unknown_target'],
    ]);
  });

  it('edits buttons and hand-overs', () => {
    let bundle = demo();
    bundle = moveReply(bundle, 0, 0, 1);
    const tos = bundle.bot.nodes[0];
    expect(tos?.type === 'text_message' && tos.quick_replies.map((r) => r.label)).toEqual([
      '👎 Não',
      '👍 Sim',
    ]);
    bundle = removeReply(bundle, 0, 0);
    expect(bundle.bot.nodes[0]?.type === 'text_message' && bundle.bot.nodes[0].quick_replies).toHaveLength(1);
    const hand = addHandOver(bundle);
    expect(hand.bundle.bot.nodes[hand.index]).toEqual({
      code: 'node_demo',
      type: 'questionnaire',
      questionnaire_id: 'demo',
    });
    const nowhere = handOverTo(hand.bundle, hand.index, 'gone');
    const graph = graphOf(nowhere);
    expect(graph.links.find((l) => l.id === `h${hand.index}`)).toMatchObject({
      target: 'missing-questionnaire:gone',
      broken: true,
    });
  });

  it('carries drop-off numbers, edge traffic and the biggest drop-offs', () => {
    const dropOff: DropOffView = {
      from: null,
      to: null,
      tag: null,
      conversations: 10,
      steps: [
        {
          code: 'node_tos',
          questionnaire_id: null,
          reached: 10,
          went_on: 6,
          gave_up: 1,
          timed_out: 2,
          still_there: 1,
        },
        {
          code: 'node_tos_accepted',
          questionnaire_id: null,
          reached: 4,
          went_on: 4,
          gave_up: 0,
          timed_out: 0,
          still_there: 0,
        },
        {
          code: 'node_tos_refused',
          questionnaire_id: null,
          reached: 2,
          went_on: 0,
          gave_up: 0,
          timed_out: 2,
          still_there: 0,
        },
        {
          code: 'P1',
          questionnaire_id: 'demo',
          reached: 4,
          went_on: 1,
          gave_up: 3,
          timed_out: 0,
          still_there: 0,
        },
      ],
      moves: [
        { from: 'node_tos', to: 'node_tos_accepted', conversations: 4 },
        { from: 'node_tos', to: 'node_tos_refused', conversations: 2 },
      ],
      tags: [],
    };
    const graph = graphOf(demo(), dropOff);
    expect(graph.links.filter((l) => l.kind === 'reply').map((l) => [l.id, l.traffic])).toEqual([
      ['r0.0', 4],
      ['r0.1', 2],
      ['r1.0', 0],
      ['r2.0', 0],
    ]);
    expect(graph.links.find((l) => l.kind === 'handover')?.traffic).toBe(4);
    // As many left P1 as node_tos, but a larger share of those who reached it.
    expect([...biggestDropOffs(dropOff)]).toEqual(['P1', 'node_tos', 'node_tos_refused']);
    const welcome = graph.boxes.find((b) => b.id === 'n1')?.data;
    expect(welcome?.kind === 'message' && welcome.numbers).toEqual({
      reached: 0,
      went_on: 0,
      gave_up: 0,
      timed_out: 0,
      still_there: 0,
    });
    const questionnaire = graph.boxes.find((b) => b.id === 'q0')?.data;
    expect(questionnaire?.kind === 'questionnaire' && questionnaire.questions[0]).toMatchObject({
      code: 'P1',
      biggest: true,
      numbers: { reached: 4, gave_up: 3 },
    });
  });

  it('lays out left to right in the order conversations go, with no two boxes on top of each other', async () => {
    const graph = graphOf(demo());
    const positions = await layoutFlow(graph.boxes, graph.links);
    expect([...positions.keys()].sort()).toEqual(graph.boxes.map((b) => b.id).sort());
    const x = (id: string) => positions.get(id)?.x ?? Number.NaN;
    expect(x('n0')).toBeLessThan(x('n3'));
    expect(x('n3')).toBeLessThan(x('q0'));
    expect(x('q0')).toBeLessThan(x(END_ID));
    // The entry is in the first column (with the welcome back, the other start), though "back to
    // start" and "Voltar" loop back to it.
    for (const box of graph.boxes) expect(x('n0'), box.id).toBeLessThanOrEqual(x(box.id));
    expect(x('n1')).toBe(x('n0'));
    for (const a of graph.boxes) {
      for (const b of graph.boxes) {
        if (a.id >= b.id) continue;
        const [pa, pb] = [positions.get(a.id), positions.get(b.id)];
        if (!pa || !pb) throw new Error('no position');
        const apart =
          pa.x + a.width <= pb.x ||
          pb.x + b.width <= pa.x ||
          pa.y + a.height <= pb.y ||
          pb.y + b.height <= pa.y;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
  });
});
