import type { EmailKind } from '../kind.js';

/** One queue item waiting longer than the configured age (message text is hostile input: escaped). */
export interface DigestItem {
  url: string;
  campaign: string;
  types: string;
  waiting_hours: number;
  excerpt: string;
}

/** What the daily moderation digest is given (src/moderation/digest.ts). */
export interface ModerationDigestVariables {
  name: string;
  count: number;
  stale_hours: number;
  queue_url: string;
  /** The oldest items first, at most twenty. */
  items: DigestItem[];
}

/** Daily, to each moderator and admin: flagged messages pending longer than the configured age. */
export const moderationDigestEmail: EmailKind<ModerationDigestVariables> = {
  key: 'moderation_digest',
  sample: {
    name: 'Ana Souza',
    count: 1,
    stale_hours: 24,
    queue_url: 'https://parley.example.org/moderation',
    items: [
      {
        url: 'https://parley.example.org/moderation/items/1',
        campaign: 'Get out the vote',
        types: 'Inappropriate',
        waiting_hours: 30,
        excerpt: 'Vote or else.',
      },
    ],
  },
  label: { en: 'Moderation digest', 'pt-BR': 'Resumo da moderação' },
  defaults: {
    en: {
      subject:
        '{{ count }} flagged {% if count == 1 %}message waits{% else %}messages wait{% endif %} for a moderator',
      html: `<p>Hello {{ name }},</p>
<p>{{ count }} flagged {% if count == 1 %}message has{% else %}messages have{% endif %} waited more than {{ stale_hours }} hours in the moderation queue:</p>
<ul>{% for item in items %}
<li><a href="{{ item.url }}">{{ item.campaign }}</a> — {{ item.types }}, {{ item.waiting_hours }} h: “{{ item.excerpt }}”</li>{% endfor %}
</ul>
<p><a href="{{ queue_url }}">Open the queue</a></p>`,
    },
    'pt-BR': {
      subject:
        '{{ count }} {% if count == 1 %}mensagem sinalizada aguarda{% else %}mensagens sinalizadas aguardam{% endif %} a moderação',
      html: `<p>Olá, {{ name }}!</p>
<p>{{ count }} {% if count == 1 %}mensagem sinalizada aguarda{% else %}mensagens sinalizadas aguardam{% endif %} há mais de {{ stale_hours }} horas na fila de moderação:</p>
<ul>{% for item in items %}
<li><a href="{{ item.url }}">{{ item.campaign }}</a> — {{ item.types }}, {{ item.waiting_hours }} h: “{{ item.excerpt }}”</li>{% endfor %}
</ul>
<p><a href="{{ queue_url }}">Abrir a fila</a></p>`,
    },
  },
};
