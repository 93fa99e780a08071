import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** How the test server answers a message's data. */
export type SmtpMode =
  | { kind: 'accept' }
  /** 4xx (try later) for the next `times` messages, then accept. */
  | { kind: 'tempfail'; times: number; code?: number; message?: string }
  /** 5xx (refused for good) for every message. */
  | { kind: 'reject'; code?: number; message?: string };

export interface ReceivedMail {
  /** Envelope sender and recipients, as given in MAIL FROM / RCPT TO. */
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://user:pass@127.0.0.1:port` for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Every answer other than 250 given to a message, in order. */
  refusals: string[];
  setMode(mode: SmtpMode): void;
  /** Waits until `count` messages have arrived (or throws after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const USER = 'parley';
const PASSWORD = 'p@ss/wörd';

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP server on 127.0.0.1 (random port) that keeps what it receives, parsed by mailparser.
 * It asks for the credentials in `url` (plain auth without TLS, loopback only).
 */
export async function startSmtpServer(mode: SmtpMode = { kind: 'accept' }): Promise<TestSmtpServer> {
  let current = mode;
  const received: ReceivedMail[] = [];
  const refusals: string[] = [];
  const options: SMTPServerOptions = {
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(smtpError(535, 'Authentication failed'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const answer = decide();
        if (answer) {
          refusals.push(`${answer.code} ${answer.message}`);
          callback(smtpError(answer.code, answer.message));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        simpleParser(raw).then(
          (parsed) => {
            received.push({ envelope, raw, parsed });
            callback(null, 'Queued as test');
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  function decide(): { code: number; message: string } | null {
    if (current.kind === 'reject')
      return { code: current.code ?? 550, message: current.message ?? 'Mailbox unavailable' };
    if (current.kind === 'tempfail' && current.times > 0) {
      current = { ...current, times: current.times - 1 };
      return { code: current.code ?? 451, message: current.message ?? 'Try again later' };
    }
    return null;
  }
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`,
    received,
    refusals,
    setMode(next) {
      current = next;
    },
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
