import type { EmailKind } from '../kind.js';

/** What an invitation e-mail is given (src/users/commands/invite-user.ts). */
export interface InvitationVariables {
  /** The invited person's name, or '' when the admin gave none. */
  name: string;
  email: string;
  /** Who invited them: their name, or their e-mail. */
  invited_by: string;
  /** The one-time link that sets the password. */
  link: string;
  valid_hours: number;
}

const button = (label: string) =>
  `<p style="margin:24px 0;"><a href="{{ link }}" style="background:#1c5d99;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;display:inline-block;">${label}</a></p>`;

/** A new staff account: the link to choose a password, valid 72 hours, usable once. */
export const invitationEmail: EmailKind<InvitationVariables> = {
  key: 'invitation',
  sample: {
    name: 'Maria Silva',
    email: 'maria@example.org',
    invited_by: 'Ana Souza',
    link: 'https://parley.example.org/invite/sample-token',
    valid_hours: 72,
  },
  label: { en: 'Invitation to Parley', 'pt-BR': 'Convite para o Parley' },
  defaults: {
    en: {
      subject: '{{ invited_by }} invited you to Parley',
      html: `<p>Hello{% if name != "" %} {{ name }}{% endif %},</p>
<p>{{ invited_by }} invited you to join the team on Parley. Welcome aboard — we are glad to have you!</p>
<p>Choose your password to get started:</p>
${button('Set my password')}
<p>Or copy this link into your browser:<br><a href="{{ link }}">{{ link }}</a></p>
<p>The link works once and for {{ valid_hours }} hours. If it has expired, ask {{ invited_by }} to send a new one.</p>
<p>You sign in with this address: {{ email }}.</p>`,
      text: `Hello{% if name != "" %} {{ name }}{% endif %},

{{ invited_by }} invited you to join the team on Parley. Welcome aboard — we are glad to have you!

Choose your password to get started:
{{ link }}

The link works once and for {{ valid_hours }} hours. If it has expired, ask {{ invited_by }} to send a new one.

You sign in with this address: {{ email }}.
`,
    },
    'pt-BR': {
      subject: '{{ invited_by }} convidou você para o Parley',
      html: `<p>Olá{% if name != "" %}, {{ name }}{% endif %}!</p>
<p>{{ invited_by }} convidou você para fazer parte da equipe no Parley. Boas-vindas — que bom ter você com a gente!</p>
<p>Escolha sua senha para começar:</p>
${button('Criar minha senha')}
<p>Ou copie este link no navegador:<br><a href="{{ link }}">{{ link }}</a></p>
<p>O link pode ser usado uma vez e vale por {{ valid_hours }} horas. Se expirar, peça a {{ invited_by }} um novo convite.</p>
<p>Você entra com este endereço: {{ email }}.</p>`,
      text: `Olá{% if name != "" %}, {{ name }}{% endif %}!

{{ invited_by }} convidou você para fazer parte da equipe no Parley. Boas-vindas — que bom ter você com a gente!

Escolha sua senha para começar:
{{ link }}

O link pode ser usado uma vez e vale por {{ valid_hours }} horas. Se expirar, peça a {{ invited_by }} um novo convite.

Você entra com este endereço: {{ email }}.
`,
    },
  },
};
