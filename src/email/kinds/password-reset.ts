import type { EmailKind } from '../kind.js';

/** What a password reset e-mail is given (src/users/commands/request-password-reset.ts). */
export interface PasswordResetVariables {
  /** The account's name, or '' when it has none. */
  name: string;
  email: string;
  /** The one-time link that sets a new password. */
  link: string;
  valid_minutes: number;
}

const button = (label: string) =>
  `<p style="margin:24px 0;"><a href="{{ link }}" style="background:#1c5d99;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;display:inline-block;">${label}</a></p>`;

/** "Forgot password": the link to choose a new password, valid one hour, usable once. */
export const passwordResetEmail: EmailKind<PasswordResetVariables> = {
  key: 'password_reset',
  sample: {
    name: 'Maria Silva',
    email: 'maria@example.org',
    link: 'https://parley.example.org/reset-password/sample-token',
    valid_minutes: 60,
  },
  label: { en: 'Password reset', 'pt-BR': 'Redefinição de senha' },
  defaults: {
    en: {
      subject: 'Set a new password for Parley',
      html: `<p>Hello{% if name != "" %} {{ name }}{% endif %},</p>
<p>Someone — hopefully you — asked to reset the password of your Parley account ({{ email }}). No worries, it happens to everyone.</p>
${button('Choose a new password')}
<p>Or copy this link into your browser:<br><a href="{{ link }}">{{ link }}</a></p>
<p>The link works once and for {{ valid_minutes }} minutes. Setting a new password signs you out everywhere.</p>
<p>If you did not ask for this, you can ignore this e-mail: your password stays as it is.</p>`,
      text: `Hello{% if name != "" %} {{ name }}{% endif %},

Someone — hopefully you — asked to reset the password of your Parley account ({{ email }}). No worries, it happens to everyone.

Choose a new password here:
{{ link }}

The link works once and for {{ valid_minutes }} minutes. Setting a new password signs you out everywhere.

If you did not ask for this, you can ignore this e-mail: your password stays as it is.
`,
    },
    'pt-BR': {
      subject: 'Crie uma nova senha para o Parley',
      html: `<p>Olá{% if name != "" %}, {{ name }}{% endif %}!</p>
<p>Alguém — esperamos que você — pediu para redefinir a senha da sua conta no Parley ({{ email }}). Tudo bem, acontece com todo mundo.</p>
${button('Escolher uma nova senha')}
<p>Ou copie este link no navegador:<br><a href="{{ link }}">{{ link }}</a></p>
<p>O link pode ser usado uma vez e vale por {{ valid_minutes }} minutos. Ao criar a nova senha, você sai da conta em todos os dispositivos.</p>
<p>Se não foi você, pode ignorar este e-mail: sua senha continua a mesma.</p>`,
      text: `Olá{% if name != "" %}, {{ name }}{% endif %}!

Alguém — esperamos que você — pediu para redefinir a senha da sua conta no Parley ({{ email }}). Tudo bem, acontece com todo mundo.

Escolha uma nova senha aqui:
{{ link }}

O link pode ser usado uma vez e vale por {{ valid_minutes }} minutos. Ao criar a nova senha, você sai da conta em todos os dispositivos.

Se não foi você, pode ignorar este e-mail: sua senha continua a mesma.
`,
    },
  },
};
