import type { EmailKind } from '../kind.js';

/** The admin's "send a test e-mail" on the Mail page: proves the SMTP settings work. */
export interface TestMessageVariables {
  user: { name: string; email: string };
  site: { url: string };
}

export const testMessageEmail: EmailKind<TestMessageVariables> = {
  key: 'test_message',
  sample: {
    user: { name: 'Ana Souza', email: 'ana@example.org' },
    site: { url: 'https://parley.example.org' },
  },
  label: { en: 'Test e-mail', 'pt-BR': 'E-mail de teste' },
  defaults: {
    en: {
      subject: 'Parley test e-mail',
      html: `<p>Hello {{ user.name }},</p>
<p>This is a test e-mail from <a href="{{ site.url }}">Parley</a>. If you can read it, e-mail delivery works.</p>`,
    },
    'pt-BR': {
      subject: 'E-mail de teste do Parley',
      html: `<p>Olá, {{ user.name }},</p>
<p>Este é um e-mail de teste do <a href="{{ site.url }}">Parley</a>. Se você consegue lê-lo, o envio de e-mails funciona.</p>`,
    },
  },
};
