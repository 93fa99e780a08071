import { describe, expect, it } from 'vitest';
import type { AuditRow, TexterFeedback } from './gather.js';
import { clip, feedbackVariables } from './variables.js';

const ITEMS = [
  { key: 'optout', label: 'Opt-out', description: 'Opt-out handled correctly', weight: 1, critical: true },
  { key: 'tone', label: 'Tone', description: '', weight: 1, critical: false },
];

function audit(id: number, scores: Record<string, boolean>, note = ''): AuditRow {
  return {
    id,
    conversation_id: 100 + id,
    texter_id: 1,
    created_at: new Date(`2026-12-0${id}T12:00:00Z`),
    passed: Object.values(scores).every(Boolean),
    scores,
    note,
    items: ITEMS,
    campaign: 'Eleição',
  };
}

function feedback(audits: AuditRow[]): TexterFeedback {
  return {
    texter: {
      id: 1,
      first_name: '',
      last_name: 'Souza',
      email: 'a@b.c',
      opted_out: false,
      already_sent: false,
    },
    audits,
    excerpts: new Map([
      [102, [{ conversation_id: 102, from_contact: true, text: 'PARE\u202e\u0007 agora' }]],
    ]),
  };
}

describe('feedback variables', () => {
  it('cuts a message to one short line without control or direction-override characters', () => {
    expect(clip('a\n\tb\u0000c\u202ed', 10)).toBe('a bcd');
    expect(clip('ção'.repeat(10), 5)).toBe('çãoç…');
    expect([...clip('😀'.repeat(300), 200)]).toHaveLength(200);
  });

  it('leads with what went well and suggests the failed audits, noted ones first, at most three', () => {
    const audits = [
      audit(5, { optout: true, tone: false }),
      audit(4, { optout: true, tone: false }),
      audit(3, { optout: true, tone: false }),
      audit(2, { optout: true, tone: false }, 'Uma dica gentil'),
      audit(1, { optout: true, tone: true }),
    ];
    const v = feedbackVariables(feedback(audits), {
      period: { from: '2026-12-01', to: '2026-12-07' },
      locale: 'pt-BR',
      stopUrl: 'https://x/feedback/stop/1-a',
    });
    expect(v.texter).toEqual({ first_name: 'Souza', name: 'Souza' });
    expect(v.period.from).toMatch(/1 de dez/);
    expect(v.counts).toEqual({ audited: 5, passed: 1, failed: 4 });
    expect(v.went_well).toEqual([{ label: 'Opt-out', description: 'Opt-out handled correctly' }]);
    expect(v.suggestions.map((s) => s.note)).toEqual(['Uma dica gentil', '', '']);
    expect(v.suggestions[0]).toMatchObject({
      failed_items: ['Tone'],
      excerpt: [{ from_texter: false, text: 'PARE agora' }],
    });
    expect(v.audits).toHaveLength(5);
  });
});
