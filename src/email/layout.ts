import type { EmailKind } from './kind.js';

/** What the layout is given: the rendered body and the subject. */
export interface LayoutVariables {
  /** The body, already rendered: HTML in the HTML layout (print it with `| raw`), text in the text layout. */
  content: string;
  subject: string;
}

const html = (lang: string, footer: string) => `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ subject }}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">
<tr><td style="padding:16px 24px;border-bottom:1px solid #e3e5e8;font-size:18px;font-weight:bold;color:#1c5d99;">Parley</td></tr>
<tr><td style="padding:24px;">
{{ content | raw }}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e3e5e8;font-size:12px;color:#6a737d;">${footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

/**
 * The frame of every e-mail: a header with the sender's name, the body, a footer. Admins edit it on
 * the Templates page like any kind (to put their organisation's name in the header, say).
 */
export const layoutKind: EmailKind<LayoutVariables> = {
  key: 'layout',
  sample: { content: '<p>Hello!</p>', subject: 'Hello' },
  label: {
    en: 'Layout (header and footer of every e-mail)',
    'pt-BR': 'Moldura (cabeçalho e rodapé de todo e-mail)',
  },
  defaults: {
    en: {
      subject: '{{ subject }}',
      html: html('en', 'This is an automated message from Parley. Replies to it may not be read.'),
      text: '{{ content }}\n\n-- \nParley: an automated message. Replies to it may not be read.\n',
    },
    'pt-BR': {
      subject: '{{ subject }}',
      html: html('pt-BR', 'Esta é uma mensagem automática do Parley. Respostas a ela podem não ser lidas.'),
      text: '{{ content }}\n\n-- \nParley: mensagem automática. Respostas a ela podem não ser lidas.\n',
    },
  },
};
