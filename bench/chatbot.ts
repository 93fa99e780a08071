/**
 * `npm run bench -- chatbot [--users N] [--seconds S] [--rounds R]`: many simulated people walk the
 * demo bot through the signed HTTP API channel of a real `parley serve` (its own process, on
 * DATABASE_URL's server or an embedded one), and a fake callback receiver on loopback gets the
 * replies. Each person sends one message, waits for the last reply of the turn, and answers it
 * (a random button, or text). Measured: inbound events/s sustained over the run, end-to-end
 * latency (message sent → last reply received by the receiver), events lost (answered 200 but no
 * reply), replies received twice; and in the same run, interleaved, the floor: a bare Fastify
 * endpoint doing one INSERT per request on the same database, driven the same way.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChannel } from '../src/chatbot/channels/manage.js';
import { boxesOf } from '../src/chatbot/channels/runtime-deps.js';
import demoBundle from '../src/chatbot/demo/demo-bot.json' with { type: 'json' };
import { importBundle } from '../src/chatbot/index.js';
import { packageRoot } from '../src/paths.js';
import { benchDatabase, freePort, median, percentile, report, round } from './_support.js';

const SECRET = 'bench-secret-bench-secret-bench-secret';

interface Options {
  users: number;
  /** Share of the people who use the web chat (with its stream) instead of the HTTP API. */
  webShare: number;
  seconds: number;
  rounds: number;
  floorSeconds: number;
}

function parseOptions(args: string[]): Options {
  const value = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  return {
    users: value('users', 200),
    webShare: value('web-share', 0.1),
    seconds: value('seconds', 20),
    rounds: value('rounds', 3),
    floorSeconds: value('floor-seconds', 5),
  };
}

interface Reply {
  user: string;
  message: { id: number; options: { value: string }[] };
  part: number;
  parts: number;
}

/** The fake receiver: records replies and wakes the person waiting for the end of their turn. */
class Receiver {
  readonly seen = new Set<number>();
  duplicated = 0;
  readonly waiting = new Map<string, (reply: Reply) => void>();
  readonly last = new Map<string, Reply>();
  private server: http.Server;

  constructor() {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.writeHead(200).end();
        const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply;
        if (this.seen.has(reply.message.id)) {
          this.duplicated++;
          return;
        }
        this.seen.add(reply.message.id);
        this.last.set(reply.user, reply);
        if (reply.part === reply.parts) {
          const wake = this.waiting.get(reply.user);
          this.waiting.delete(reply.user);
          wake?.(reply);
        }
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/replies`;
  }

  /** Resolves with the turn's last reply, or null after `ms`. */
  turnEnd(user: string, ms: number): Promise<Reply | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(user);
        resolve(null);
      }, ms);
      this.waiting.set(user, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function signed(secret: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-parley-timestamp': String(timestamp), 'x-parley-signature': `sha256=${signature}` };
}

interface Segment {
  /** Message sent → its 200 (the turn stored). */
  answered: number[];
  events: number;
  seconds: number;
  latencies: number[];
  lost: number;
  errors: number;
}

interface Target {
  inbound: string;
  channelSecret: string;
  /** `http://127.0.0.1:port/api/chat/BOT` */
  chat: string;
}

/** People walking the bot until `seconds` have passed; each waits for its turn's last reply. */
async function ours(target: Target, receiver: Receiver, options: Options, seconds: number): Promise<Segment> {
  const until = performance.now() + seconds * 1000;
  const segment: Segment = { answered: [], events: 0, seconds, latencies: [], lost: 0, errors: 0 };
  const started = performance.now();
  const web = Math.round(options.users * options.webShare);
  await Promise.all([
    ...Array.from({ length: web }, (_, i) => webVisitor(target.chat, i, until, segment)),
    ...Array.from({ length: options.users - web }, async () => {
      let user = `person-${randomBytes(6).toString('hex')}`;
      let input: Record<string, string> = { text: 'oi' };
      while (performance.now() < until) {
        const body = JSON.stringify({ event_id: randomBytes(8).toString('hex'), user, ...input });
        const sent = performance.now();
        const ended = receiver.turnEnd(user, 10_000);
        const status = await post(target.inbound, body, signed(target.channelSecret, body)).catch(() => 0);
        segment.answered.push(performance.now() - sent);
        if (status !== 200) {
          segment.errors++;
          if (process.env.BENCH_DEBUG) process.stderr.write(`status ${status}\n`);
          receiver.waiting.delete(user);
          continue;
        }
        const reply = await ended;
        if (!reply) {
          segment.lost++;
          user = `person-${randomBytes(6).toString('hex')}`;
          input = { text: 'oi' };
          continue;
        }
        segment.events++;
        segment.latencies.push(performance.now() - sent);
        input = nextInput(reply.message.options);
      }
    }),
  ]);
  segment.seconds = (performance.now() - started) / 1000;
  return segment;
}

function nextInput(choices: readonly { value: string }[]): Record<string, string> {
  return choices.length > 0
    ? { choose: choices[Math.floor(Math.random() * choices.length)]!.value }
    : { text: '01310100' };
}

/** Pause between a web visitor's messages: the per-token limit allows 30 a minute. */
const WEB_THINK_MS = 2_500;

/**
 * A web chat visitor: its own token and address (Parley runs with TRUST_PROXY=loopback, so each
 * visitor counts against the per-address limit alone), the event stream open, one message every
 * WEB_THINK_MS; latency is to the first reply read from the stream.
 */
async function webVisitor(chat: string, index: number, until: number, segment: Segment): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  const headers = { 'x-parley-chat-token': token, 'x-forwarded-for': `10.${index >> 8}.${index & 255}.1` };
  const stream = new ChatStream(`${chat}/stream?after=0`, headers);
  try {
    let input: Record<string, string> = { text: 'oi' };
    while (performance.now() < until) {
      const body = JSON.stringify({ id: randomBytes(12).toString('base64url'), ...input });
      const sent = performance.now();
      const next = stream.next(10_000);
      const status = await post(`${chat}/messages`, body, headers).catch(() => 0);
      segment.answered.push(performance.now() - sent);
      if (status !== 200) {
        segment.errors++;
        if (process.env.BENCH_DEBUG) process.stderr.write(`web status ${status}\n`);
      } else if ((await next) === null) segment.lost++;
      else {
        segment.events++;
        segment.latencies.push(performance.now() - sent);
      }
      await sleepMs(Math.min(WEB_THINK_MS, until - performance.now()));
      input = nextInput(stream.lastOptions);
    }
  } finally {
    stream.close();
  }
}

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The web chat's event stream, read as the widget reads it (streamed, the token in a header). */
class ChatStream {
  lastOptions: { value: string }[] = [];
  private waiter: (() => void) | null = null;
  private readonly request: http.ClientRequest;
  private buffer = '';

  constructor(url: string, headers: Record<string, string>) {
    this.request = http.get(url, { agent: false, headers }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => this.read(chunk));
    });
    this.request.on('error', () => undefined);
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const event = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = event.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const page = JSON.parse(data.slice(6)) as { messages: { options: { value: string }[] }[] };
      const last = page.messages.at(-1);
      if (!last) continue;
      this.lastOptions = last.options;
      this.waiter?.();
      this.waiter = null;
    }
  }

  /** Resolves true at the next message, null after `ms`. */
  next(ms: number): Promise<true | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), ms);
      this.waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  close(): void {
    this.request.destroy();
  }
}

/** The same people against the floor endpoint: one request, one INSERT, answered. */
async function floor(url: string, options: Options, seconds: number): Promise<Segment> {
  const until = performance.now() + seconds * 1000;
  const segment: Segment = { answered: [], events: 0, seconds, latencies: [], lost: 0, errors: 0 };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.users }, async () => {
      while (performance.now() < until) {
        const body = JSON.stringify({ event_id: randomBytes(8).toString('hex'), user: 'x', text: 'oi' });
        const sent = performance.now();
        const status = await post(url, body, {}).catch(() => 0);
        if (status === 200) {
          segment.events++;
          segment.latencies.push(performance.now() - sent);
        } else segment.errors++;
      }
    }),
  );
  segment.seconds = (performance.now() - started) / 1000;
  return segment;
}

function spawnServer(script: string[], env: Record<string, string>, readyText: string) {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS?.split(' ') ?? []), '--import', 'tsx', ...script],
    {
      cwd: packageRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
      if (chunk.toString().includes(readyText)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${script.join(' ')} exited ${code}`)));
  });
  return { child, ready };
}

export default async function chatbotBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const bench = await benchDatabase(4);
  const receiver = new Receiver();
  const children: ReturnType<typeof spawn>[] = [];
  try {
    const callbackUrl = await receiver.listen();
    const { bot } = await importBundle(bench.db, { bundle: demoBundle, botName: 'Bench', actorId: null });
    const created = await createChannel(bench.db, boxesOf(SECRET).channelSecrets, {
      botId: bot.id,
      kind: 'api',
      settings: { callback_url: callbackUrl },
    });
    const channelSecret = created.secret!;
    await createChannel(bench.db, boxesOf(SECRET).channelSecrets, {
      botId: bot.id,
      kind: 'web',
      settings: { allowed_origins: [] },
    });
    const port = await freePort();
    const floorPort = await freePort();
    const parley = spawnServer(
      ['src/main.ts', 'serve', '--no-worker'],
      {
        DATABASE_URL: bench.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        PARLEY_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        PARLEY_DEMO: 'off',
        TRUST_PROXY: 'loopback',
      },
      'Parley is running',
    );
    const floorServer = spawnServer(
      ['bench/_floor-server.ts'],
      { DATABASE_URL: bench.url, PORT: String(floorPort) },
      'ready',
    );
    children.push(parley.child, floorServer.child);
    await Promise.all([parley.ready, floorServer.ready]);
    const target: Target = {
      inbound: `http://127.0.0.1:${port}/api/channels/${created.channel.id}/inbound`,
      channelSecret,
      chat: `http://127.0.0.1:${port}/api/chat/${bot.id}`,
    };
    const floorUrl = `http://127.0.0.1:${floorPort}/inbound`;

    // Warm up: JIT, pools, caches.
    await ours(target, receiver, options, 3);
    await floor(floorUrl, options, 2);

    const oursSegments: Segment[] = [];
    const floorSegments: Segment[] = [];
    for (let round_ = 0; round_ < options.rounds; round_++) {
      floorSegments.push(await floor(floorUrl, options, options.floorSeconds));
      oursSegments.push(await ours(target, receiver, options, options.seconds));
      const last = oursSegments.at(-1)!;
      report(
        `round ${round_ + 1}: ours / floor events/s`,
        `${round(last.events / last.seconds, 1)} / ${round(floorSegments.at(-1)!.events / floorSegments.at(-1)!.seconds, 1)}`,
      );
    }
    const events = oursSegments.reduce((n, s) => n + s.events, 0);
    const seconds = oursSegments.reduce((n, s) => n + s.seconds, 0);
    const latencies = oursSegments.flatMap((s) => s.latencies).sort((a, b) => a - b);
    const answered = oursSegments.flatMap((s) => s.answered).sort((a, b) => a - b);
    const lost = oursSegments.reduce((n, s) => n + s.lost, 0);
    const errors = oursSegments.reduce((n, s) => n + s.errors, 0);
    const eventsPerS = events / seconds;
    const floorPerS = median(floorSegments.map((s) => s.events / s.seconds));
    const figures = {
      users: options.users,
      web_share: options.webShare,
      seconds: round(seconds, 1),
      events,
      events_per_s: round(eventsPerS, 1),
      p50_ms: round(percentile(latencies, 50)),
      p95_ms: round(percentile(latencies, 95)),
      p99_ms: round(percentile(latencies, 99)),
      answered_p50_ms: round(percentile(answered, 50)),
      answered_p99_ms: round(percentile(answered, 99)),
      lost,
      errors,
      duplicated: receiver.duplicated,
      floor_events_per_s: round(floorPerS, 1),
      ratio_to_floor: round(eventsPerS / floorPerS, 3),
    };
    report('simulated people (web chat share)', `${options.users} (${options.webShare})`);
    report('inbound events (sustained over)', `${events} in ${round(seconds, 1)} s`);
    report('inbound events/s', figures.events_per_s);
    report('latency p50 / p95 / p99 (ms)', `${figures.p50_ms} / ${figures.p95_ms} / ${figures.p99_ms}`);
    report('answered 200 p50 / p99 (ms)', `${figures.answered_p50_ms} / ${figures.answered_p99_ms}`);
    report('lost / refused / replies duplicated', `${lost} / ${errors} / ${receiver.duplicated}`);
    report('floor: one INSERT per request, events/s (median)', figures.floor_events_per_s);
    report('ours / floor', figures.ratio_to_floor);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    receiver.close();
    agent.destroy();
    await bench.drop();
  }
}
