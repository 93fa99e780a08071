/**
 * The chat page (`/chat/:bot`, and in the widget's iframe with `?embed=1`): a shell that the chat
 * script (web/chat/, built to dist/chat/) fills in the visitor's language. Its CSP lets only the
 * channel's allowed origins frame it, and allows nothing but Parley's own scripts, styles and
 * requests.
 */
export interface ChatPage {
  readonly botId: number;
  readonly embed: boolean;
  readonly exitUrl: string;
  /** `en` or `pt-BR`: the page's language until the script confirms the visitor's. */
  readonly lang: string;
  /** Query strings that make a new build's assets be fetched (their content hashes). */
  readonly versions: Readonly<Record<'chat.js' | 'chat.css', string>>;
  /** The bot has no enabled web channel: the script says so instead of showing a chat. */
  readonly unavailable?: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function chatPageHtml(page: ChatPage): string {
  const data = [
    `data-bot="${page.botId}"`,
    `data-exit="${escapeHtml(page.exitUrl)}"`,
    ...(page.embed ? ['data-embed="1"'] : []),
    ...(page.unavailable ? ['data-unavailable="1"'] : []),
  ].join(' ');
  return `<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Chat</title>
<link rel="stylesheet" href="/chat/chat.css?v=${page.versions['chat.css']}">
<script src="/chat/chat.js?v=${page.versions['chat.js']}" defer></script>
</head>
<body ${data}>
<noscript><p lang="en">Turn on JavaScript to use this chat.</p><p lang="pt-BR">Ative o JavaScript para usar este chat.</p></noscript>
</body>
</html>
`;
}

/** An origin as bot_channels.settings keeps it (checked when saved); anything else is left out. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.[\]:-]+$/;

export function chatPageCsp(allowedOrigins: readonly string[], https: boolean): string {
  const ancestors = ["'self'", ...allowedOrigins.filter((origin) => ORIGIN.test(origin))];
  return [
    "default-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.join(' ')}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self'",
    "connect-src 'self'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The page's language: `?lang=` when it names one, else the browser's first choice. */
export function pageLanguage(query: unknown, acceptLanguage: string | undefined): 'en' | 'pt-BR' {
  const asked = typeof query === 'object' && query !== null ? (query as { lang?: unknown }).lang : undefined;
  const wanted = typeof asked === 'string' ? asked : (acceptLanguage ?? '');
  return wanted.trim().toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}
