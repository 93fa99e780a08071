import { describe, expect, it } from 'vitest';
import { checkCep } from './cep.js';
import { startQuiz } from './compile.js';
import { answer, present, resumeLookup, visibleInputs, waitingLookup } from './engine.js';
import type { ItemOf, QuizItem, QuizSession } from './items.js';
import type { Questionnaire } from './question.js';

const NOW = Date.UTC(2024, 0, 1);

function quiz(questions: Questionnaire['questions']): QuizSession {
  return startQuiz({ id: 'q', name: 'q', questions }, NOW);
}

function shown(items: readonly QuizItem[]): string[] {
  return items.map((item) => `${item.kind}:${item.code}`);
}

function presentOk(session: QuizSession) {
  const result = present(session);
  if (!result.ok) throw new Error(result.error);
  return result;
}

function answerOk(session: QuizSession, code: string, value: string) {
  const item = visibleInputs(session).find((candidate) => candidate.code === code);
  if (!item) throw new Error(`${code} is not a visible input`);
  const result = answer(session, item.ref, value);
  if (result.kind !== 'accepted') throw new Error(`${code}=${value}: ${result.kind}`);
  return presentOk(result.session);
}

const yes = (code: string, relevance?: string, intro?: string[]) => ({
  code,
  type: 'yesno' as const,
  question: `${code}?`,
  ...(relevance === undefined ? {} : { relevance }),
  ...(intro === undefined ? {} : { intro }),
});
const show = (code: string, relevance: string) => ({
  code,
  type: 'displaytext' as const,
  question: code,
  relevance,
});

describe('questionnaire engine: pull and show', () => {
  it('pulls up to the first relevant input; display texts met on the way are shown with it', () => {
    const first = presentOk(quiz([show('D1', '1'), show('D2', '0'), yes('Q1'), yes('Q2')]));
    expect(shown(first.visible)).toEqual(['displaytext:D1', 'yesno:Q1']);
    expect(first.session.pending.map((item) => item.code)).toEqual(['Q2']);
    expect(first.session.current.map((entry) => [entry.item.code, entry.visible])).toEqual([
      ['D1', true],
      ['D2', false],
      ['Q1', true],
    ]);
    expect(first.over).toBe(false);
  });

  it('intro texts share their question relevance and come first', () => {
    const session = presentOk(
      quiz([yes('A'), yes('B', "A=='Y'", ['intro B1', 'intro B2']), yes('C')]),
    ).session;
    const afterYes = answerOk(session, 'A', 'Y');
    expect(shown(afterYes.visible)).toEqual(['intro:B', 'intro:B', 'yesno:B']);
    const afterNo = answerOk(session, 'A', 'N');
    expect(shown(afterNo.visible)).toEqual(['yesno:C']);
  });

  it('keeps skipped questions in current and shows them when a later answer makes them relevant', () => {
    const session = presentOk(quiz([yes('A'), yes('LATE', "B=='Y'"), yes('B'), yes('C')])).session;
    const afterA = answerOk(session, 'A', 'Y');
    expect(shown(afterA.visible)).toEqual(['yesno:B']);
    expect(afterA.session.current.map((e) => e.item.code)).toEqual(['LATE', 'B']);
    const afterB = answerOk(afterA.session, 'B', 'Y');
    expect(shown(afterB.visible)).toEqual(['yesno:LATE']);
    const afterLate = answerOk(afterB.session, 'LATE', 'N');
    expect(shown(afterLate.visible)).toEqual(['yesno:C']);
  });

  it('a revived display text alone does not stop the pull (the later PenhaS fix)', () => {
    const session = presentOk(quiz([yes('A'), show('NOTE', "B=='Y'"), yes('B'), yes('C')])).session;
    const afterB = answerOk(answerOk(session, 'A', 'Y').session, 'B', 'Y');
    expect(shown(afterB.visible)).toEqual(['displaytext:NOTE', 'yesno:C']);
  });

  it('is over when nothing can be answered any more; relevance 0 is never shown', () => {
    const session = presentOk(quiz([yes('A'), yes('NEVER', '0'), show('BYE', "A=='N'")])).session;
    const end = answerOk(session, 'A', 'N');
    expect(shown(end.visible)).toEqual(['displaytext:BYE']);
    expect(end.over).toBe(true);
    const empty = answerOk(session, 'A', 'Y');
    expect(end.session.pending).toEqual([]);
    expect(empty.visible).toEqual([]);
    expect(empty.over).toBe(true);
  });

  it('an empty questionnaire is over at once', () => {
    expect(presentOk(quiz([])).over).toBe(true);
  });
});

describe('questionnaire engine: answers', () => {
  it('onlychoice stores the option value; a bad index or a hidden question is refused', () => {
    const session = presentOk(
      quiz([
        {
          code: 'P1',
          type: 'onlychoice',
          question: 'p1',
          options: [
            { value: 'P2a', label: 'a' },
            { value: 'P2b', label: 'b' },
          ],
        },
        yes('P2a', 'P1==_self'),
        yes('P2b', 'P1==_self'),
      ]),
    ).session;
    const ref = visibleInputs(session)[0]?.ref ?? '';
    expect(answer(session, ref, '2').kind).toBe('invalid');
    expect(answer(session, ref, '-1').kind).toBe('invalid');
    expect(answer(session, 'nope', '0').kind).toBe('invalid');
    const accepted = answer(session, ref, '1');
    expect(accepted).toMatchObject({ kind: 'accepted', chosen: 'P2b' });
    if (accepted.kind !== 'accepted') return;
    expect(accepted.session.responses.P1).toBe('P2b');
    expect(shown(presentOk(accepted.session).visible)).toEqual(['yesno:P2b']);
  });

  it('yesnogroup stores each answer and the sum of the "yes" powers, as PenhaS did', () => {
    let session = presentOk(
      quiz([
        {
          code: 'G',
          type: 'yesnogroup',
          question: '',
          yesnogroup: [
            { question: 'a?', power2answer: 1, referencia: 'a' },
            { question: 'b?', power2answer: 2, referencia: 'b' },
            { question: 'c?', power2answer: 4, referencia: 'c' },
          ],
        },
        show('SUM', 'G > 4'),
      ]),
    ).session;
    for (const value of ['Y', 'N', 'Y']) {
      const item = visibleInputs(session)[0];
      if (!item) throw new Error('no group item');
      const result = answer(session, item.ref, value);
      if (result.kind !== 'accepted') throw new Error(result.kind);
      session = presentOk(result.session).session;
    }
    const { start_time: _start, ...responses } = session.responses;
    expect(responses).toEqual({ G_a: 'Y', G_1: 'Y', G_b: 'N', G_2: 'N', G_c: 'Y', G_4: 'Y', G: 5 });
  });

  it('yesnogroup refuses to add to a non-numeric value', () => {
    const session = presentOk(
      quiz([
        { code: 'G', type: 'text', question: 'g' },
        {
          code: 'G',
          type: 'yesnogroup',
          question: '',
          yesnogroup: [{ question: 'a?', power2answer: 1, referencia: 'a' }],
        },
      ]),
    ).session;
    const afterText = answerOk(session, 'G', 'abc');
    const item = visibleInputs(afterText.session)[0];
    const result = answer(afterText.session, item?.ref ?? '', 'Y');
    expect(result).toMatchObject({ kind: 'invalid', error: expect.stringContaining('não numérico') });
  });

  it('a CEP answer waits for the lookup; its result stores address and results or re-asks', () => {
    const session = presentOk(
      quiz([{ code: 'CEP', type: 'cep_address_lookup', question: 'cep?' }, show('AFTER', 'CEP')]),
    ).session;
    const ref = visibleInputs(session)[0]?.ref ?? '';
    expect(answer(session, ref, '123')).toMatchObject({
      kind: 'invalid',
      error: expect.stringContaining('suficientes'),
    });
    const waiting = answer(session, ref, '01310-100');
    expect(waiting).toMatchObject({ kind: 'lookup', cep: '01310100' });
    if (waiting.kind !== 'lookup') return;
    expect(waiting.session.lookup).toEqual({ ref, cep: '01310100' });
    expect(resumeLookup(waiting.session, { status: 'not_found' })).toMatchObject({
      kind: 'invalid',
      error: expect.stringContaining('01310-100'),
      session: { lookup: null },
    });
    const empty = resumeLookup(waiting.session, {
      status: 'found',
      human_address: 'Centro',
      latlng: '1,2',
      services: [],
    });
    expect(empty).toMatchObject({ kind: 'invalid', error: expect.stringContaining('50 km de Centro') });
    const found = resumeLookup(waiting.session, {
      status: 'found',
      human_address: 'Centro',
      latlng: '1,2',
      services: [{ name: 'CRAM', category: '', phone: '', address: '', distance_km: null }],
    });
    expect(found.kind).toBe('accepted');
    if (found.kind !== 'accepted') return;
    expect(found.session.responses).toMatchObject({
      CEP: '01310100',
      human_address: 'Centro',
      latlng: '1,2',
      cep_results: '["CRAM"]',
    });
    expect(shown(presentOk(found.session).visible)).toEqual(['cep_results:CEP', 'displaytext:AFTER']);
  });

  it("a CEP question's points and radius go with its lookup and name the radius when nothing is near", () => {
    const session = presentOk(
      quiz([{ code: 'CEP', type: 'cep_address_lookup', question: 'cep?', points: 5, radius_km: 120 }]),
    ).session;
    const ref = visibleInputs(session)[0]?.ref ?? '';
    const waiting = answer(session, ref, '01310-100');
    if (waiting.kind !== 'lookup') throw new Error('lookup expected');
    expect(waitingLookup(waiting.session)).toEqual({
      kind: 'lookup',
      cep: '01310100',
      question: 'CEP',
      points: 5,
      radius_km: 120,
    });
    const empty = resumeLookup(waiting.session, {
      status: 'found',
      human_address: 'X',
      latlng: '1,2',
      services: [],
    });
    expect(empty).toMatchObject({ kind: 'invalid', error: expect.stringContaining('120 km de X') });
    // A session stored before the settings existed: its item has none, the defaults apply.
    const stored: QuizSession = {
      ...waiting.session,
      current: waiting.session.current.map((entry) => {
        const { points: _points, radius_km: _radius, ...item } = entry.item as ItemOf<'cep_address_lookup'>;
        return { ...entry, item };
      }),
    };
    expect(waitingLookup(stored)).toMatchObject({ points: 3, radius_km: 50 });
    expect(waitingLookup({ ...stored, lookup: null })).toBeNull();
  });

  it('checks CEP digits', () => {
    expect(checkCep('01310-100')).toEqual({ ok: true, cep: '01310100' });
    expect(checkCep('CEP: 01.310-100')).toEqual({ ok: true, cep: '01310100' });
    expect(checkCep('sem números')).toMatchObject({
      ok: false,
      error: expect.stringContaining('os dígitos'),
    });
    expect(checkCep('0131010')).toMatchObject({ ok: false, error: expect.stringContaining('suficientes') });
    expect(checkCep('013101000')).toMatchObject({ ok: false, error: expect.stringContaining('demais') });
  });
});
