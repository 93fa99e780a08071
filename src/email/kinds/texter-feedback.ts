import type { EmailKind } from '../kind.js';

/** One message quoted from a conversation (contact text is hostile input: the HTML engine escapes it). */
export interface ExcerptMessage {
  from_texter: boolean;
  text: string;
}

/** An audited conversation as a feedback e-mail tells it. */
export interface FeedbackAudit {
  date: string;
  campaign: string;
  passed: boolean;
  /** Labels of the rubric items this conversation missed (from the rubric version it was scored on). */
  failed_items: string[];
  note: string;
  excerpt: ExcerptMessage[];
}

/** What a texter-feedback template may use (docs/feedback.md lists them). */
export interface TexterFeedbackVariables {
  texter: { first_name: string; name: string };
  /** The period's first and last day, written for the e-mail's language. */
  period: { from: string; to: string };
  counts: { audited: number; passed: number; failed: number };
  /** Rubric items met in every audited conversation: what to lead with. */
  went_well: { label: string; description: string }[];
  /** A few failed audits with a note and an excerpt: the concrete suggestions (at most three). */
  suggestions: FeedbackAudit[];
  /** Every audit of the period, newest first. */
  audits: FeedbackAudit[];
  /** The signed link by which the texter stops feedback e-mails. */
  stop_url: string;
}

const sampleAudit: FeedbackAudit = {
  date: 'Dec 2, 2026',
  campaign: 'Get out the vote',
  passed: false,
  failed_items: ['Opt-out'],
  note: 'When someone says STOP, thank them and end the conversation.',
  excerpt: [
    { from_texter: true, text: 'Hi Carla, this is Ana. Will you vote on Tuesday?' },
    { from_texter: false, text: 'STOP' },
  ],
};

const sample: TexterFeedbackVariables = {
  texter: { first_name: 'Ana', name: 'Ana Souza' },
  period: { from: 'Dec 1, 2026', to: 'Dec 7, 2026' },
  counts: { audited: 12, passed: 11, failed: 1 },
  went_well: [{ label: 'Tone', description: 'Respectful and on-script' }],
  suggestions: [sampleAudit],
  audits: [sampleAudit],
  stop_url: 'https://parley.example/feedback/stop/1-abc',
};

const EN_HTML = `<p>Hi {{ texter.first_name }},</p>
<p>Thank you for texting with us! We read {{ counts.audited }} of your conversations from {{ period.from }} to {{ period.to }}{% if counts.passed > 0 %}, and {{ counts.passed }} of them passed our review{% endif %}. Every one of them helped someone hear from us.</p>
{% if went_well.size > 0 %}<p><strong>What went well</strong></p>
<ul>{% for item in went_well %}<li>{% if item.description != blank %}{{ item.description }}{% else %}{{ item.label }}{% endif %}</li>{% endfor %}</ul>
{% endif %}{% if suggestions.size > 0 %}<p><strong>A few ideas for next time</strong></p>
{% for s in suggestions %}<div style="margin:0 0 16px;">
<p style="margin:0;">{{ s.campaign }} ({{ s.date }}). Worth another look: {{ s.failed_items | join: ", " }}</p>
{% if s.note != blank %}<p style="margin:4px 0;">{{ s.note }}</p>{% endif %}
{% if s.excerpt.size > 0 %}<div style="margin:4px 0;padding:6px 12px;border-left:3px solid #d0d7de;color:#57606a;">{% for m in s.excerpt %}<div><strong>{% if m.from_texter %}You{% else %}Contact{% endif %}:</strong> {{ m.text }}</div>{% endfor %}</div>{% endif %}
</div>
{% endfor %}{% endif %}<p>Thank you for the time you give. We are glad to have you with us!</p>
<p style="font-size:12px;color:#6a737d;">Rather not get these e-mails? <a href="{{ stop_url }}">Stop feedback e-mails</a>.</p>
`;

const EN_TEXT = `Hi {{ texter.first_name }},

Thank you for texting with us! We read {{ counts.audited }} of your conversations from {{ period.from }} to {{ period.to }}{% if counts.passed > 0 %}, and {{ counts.passed }} of them passed our review{% endif %}. Every one of them helped someone hear from us.
{% if went_well.size > 0 %}
What went well:
{% for item in went_well %}- {% if item.description != blank %}{{ item.description }}{% else %}{{ item.label }}{% endif %}
{% endfor %}{% endif %}{% if suggestions.size > 0 %}
A few ideas for next time:
{% for s in suggestions %}
* {{ s.campaign }} ({{ s.date }}). Worth another look: {{ s.failed_items | join: ", " }}
{% if s.note != blank %}  {{ s.note }}
{% endif %}{% for m in s.excerpt %}  > {% if m.from_texter %}You{% else %}Contact{% endif %}: {{ m.text }}
{% endfor %}{% endfor %}{% endif %}
Thank you for the time you give. We are glad to have you with us!

Rather not get these e-mails? Stop them here: {{ stop_url }}
`;

const PT_HTML = `<p>Olá, {{ texter.first_name }}!</p>
<p>Obrigado por conversar com as pessoas em nosso nome! Lemos {{ counts.audited }} das suas conversas de {{ period.from }} a {{ period.to }}{% if counts.passed > 0 %}, e {{ counts.passed }} delas passaram na revisão{% endif %}. Cada uma delas fez alguém ouvir de nós.</p>
{% if went_well.size > 0 %}<p><strong>O que foi bem</strong></p>
<ul>{% for item in went_well %}<li>{% if item.description != blank %}{{ item.description }}{% else %}{{ item.label }}{% endif %}</li>{% endfor %}</ul>
{% endif %}{% if suggestions.size > 0 %}<p><strong>Algumas ideias para a próxima vez</strong></p>
{% for s in suggestions %}<div style="margin:0 0 16px;">
<p style="margin:0;">{{ s.campaign }} ({{ s.date }}). Vale rever: {{ s.failed_items | join: ", " }}</p>
{% if s.note != blank %}<p style="margin:4px 0;">{{ s.note }}</p>{% endif %}
{% if s.excerpt.size > 0 %}<div style="margin:4px 0;padding:6px 12px;border-left:3px solid #d0d7de;color:#57606a;">{% for m in s.excerpt %}<div><strong>{% if m.from_texter %}Você{% else %}Contato{% endif %}:</strong> {{ m.text }}</div>{% endfor %}</div>{% endif %}
</div>
{% endfor %}{% endif %}<p>Obrigado pelo tempo que você dedica. Que bom ter você com a gente!</p>
<p style="font-size:12px;color:#6a737d;">Prefere não receber estes e-mails? <a href="{{ stop_url }}">Parar os e-mails de retorno</a>.</p>
`;

const PT_TEXT = `Olá, {{ texter.first_name }}!

Obrigado por conversar com as pessoas em nosso nome! Lemos {{ counts.audited }} das suas conversas de {{ period.from }} a {{ period.to }}{% if counts.passed > 0 %}, e {{ counts.passed }} delas passaram na revisão{% endif %}. Cada uma delas fez alguém ouvir de nós.
{% if went_well.size > 0 %}
O que foi bem:
{% for item in went_well %}- {% if item.description != blank %}{{ item.description }}{% else %}{{ item.label }}{% endif %}
{% endfor %}{% endif %}{% if suggestions.size > 0 %}
Algumas ideias para a próxima vez:
{% for s in suggestions %}
* {{ s.campaign }} ({{ s.date }}). Vale rever: {{ s.failed_items | join: ", " }}
{% if s.note != blank %}  {{ s.note }}
{% endif %}{% for m in s.excerpt %}  > {% if m.from_texter %}Você{% else %}Contato{% endif %}: {{ m.text }}
{% endfor %}{% endfor %}{% endif %}
Obrigado pelo tempo que você dedica. Que bom ter você com a gente!

Prefere não receber estes e-mails? Pare aqui: {{ stop_url }}
`;

/**
 * Feedback to a texter on their audited conversations. The defaults lead with thanks and what went
 * well, then make at most a few concrete, kind suggestions: volunteers quit over shaming.
 */
export const texterFeedbackEmail: EmailKind<TexterFeedbackVariables> = {
  key: 'texter_feedback',
  multiple: true,
  label: { en: 'Feedback to texters', 'pt-BR': 'Retorno para quem envia mensagens' },
  sample,
  defaults: {
    en: {
      subject:
        'Thank you, {{ texter.first_name }}: your conversations from {{ period.from }} to {{ period.to }}',
      html: EN_HTML,
      text: EN_TEXT,
    },
    'pt-BR': {
      subject: 'Obrigado, {{ texter.first_name }}: suas conversas de {{ period.from }} a {{ period.to }}',
      html: PT_HTML,
      text: PT_TEXT,
    },
  },
};
