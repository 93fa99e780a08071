import {
  type FromChat,
  isProtocolMessage,
  isWebUrl,
  onDoubleEscape,
  PROTOCOL,
  type ToChat,
} from './protocol.js';
import { pickLanguage, STRINGS } from './strings.js';

/**
 * The embed code's script, run on the organisation's page:
 *   <script src="{PUBLIC_URL}/chat/widget.js" data-bot="ID" async></script>
 * It adds a launcher button and an iframe with the chat page (`/chat/:bot?embed=1`, Parley's
 * origin, so the chat's requests are same-origin). The button appears once the chat page says it
 * is ready: a bot without web chat, or a site not among its allowed origins, shows nothing.
 * Quick exit (the chat's button, or Esc twice anywhere on the page) replaces the page with the
 * channel's neutral site. Everything is in a closure: the page's globals are left alone.
 */
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement)) return;
  const bot = script.dataset.bot ?? '';
  if (!/^[1-9][0-9]*$/.test(bot)) {
    console.error('Parley web chat: data-bot must be the bot’s number.');
    return;
  }
  const origin = new URL(script.src).origin;
  const lang = pickLanguage(script.dataset.lang ?? document.documentElement.lang, navigator.language);
  const strings = STRINGS[lang];
  let exitUrl: string | null = null;

  const frame = document.createElement('iframe');
  frame.src = `${origin}/chat/${bot}?embed=1&lang=${lang}`;
  frame.title = strings.title;
  Object.assign(frame.style, {
    display: 'none',
    position: 'fixed',
    right: '16px',
    bottom: '84px',
    width: 'min(380px, calc(100vw - 32px))',
    height: 'min(600px, calc(100vh - 108px))',
    border: '0',
    borderRadius: '12px',
    boxShadow: '0 8px 32px rgba(0, 0, 0, 0.3)',
    background: '#fff',
    zIndex: '2147483000',
  });

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.textContent = strings.launcher;
  launcher.setAttribute('aria-expanded', 'false');
  Object.assign(launcher.style, {
    display: 'none',
    position: 'fixed',
    right: '16px',
    bottom: '16px',
    minHeight: '52px',
    padding: '0 24px',
    border: '2px solid #fff',
    borderRadius: '26px',
    background: '#4b1d78',
    color: '#fff',
    font: '600 16px/1 system-ui, sans-serif',
    boxShadow: '0 4px 16px rgba(0, 0, 0, 0.3)',
    cursor: 'pointer',
    zIndex: '2147483000',
  });

  const post = (type: ToChat['type']) =>
    frame.contentWindow?.postMessage({ protocol: PROTOCOL, type } satisfies ToChat, origin);
  const setOpen = (open: boolean) => {
    frame.style.display = open ? 'block' : 'none';
    launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      frame.focus();
      post('open');
    } else launcher.focus();
  };
  launcher.addEventListener('click', () => setOpen(frame.style.display === 'none'));

  /** Replaces the page (Back does not return to it) once the chat has cleared its storage. */
  let go: (() => void) | null = null;
  const leave = (url: string) => {
    if (go) return;
    go = () => location.replace(url);
    frame.style.display = 'none';
    launcher.style.display = 'none';
    post('clear');
    setTimeout(go, 300);
  };

  window.addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    if (!isProtocolMessage<FromChat>(event.data) || !isWebUrl(event.data.exitUrl)) return;
    exitUrl = event.data.exitUrl;
    if (event.data.type === 'ready') launcher.style.display = 'block';
    else if (event.data.type === 'close') setOpen(false);
    else if (event.data.type === 'exit') leave(exitUrl);
    else if (event.data.type === 'cleared') go?.();
  });
  onDoubleEscape(window, () => {
    if (exitUrl) leave(exitUrl);
  });

  const mount = () => document.body.append(frame, launcher);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
