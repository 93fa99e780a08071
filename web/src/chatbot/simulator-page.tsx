import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconClockPlay, IconRefresh, IconSend } from '@tabler/icons-react';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { numberedLabel } from '../../../common/api/channels.js';
import type { SimInput, SimMessage, SimulateView } from '../../../common/api/chatbot.js';
import { isApiError } from '../api/client.js';
import { useErrorMessage } from '../ui/errors.js';
import { useFormatDateTime } from '../ui/format.js';
import { NotFoundPage } from '../ui/not-found-page.js';
import { useNotify } from '../ui/notify.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { issuesOf } from './issue-list.js';
import { useBot, useSimulate } from './queries.js';

/** Widths of the two columns; together they fit beside the navigation at 1280 px. */
const CHAT_WIDTH = 760;
const CONTROLS_WIDTH = 260;

type Line =
  | { readonly from: 'user'; readonly text: string }
  | { readonly from: 'bot'; readonly message: SimMessage }
  | { readonly from: 'note'; readonly text: string };

/**
 * `/chatbots/:botId/simulator`: chat with the bot's current revision — or, with `?draft=1`, its
 * draft before it is published — as a user would, with buttons for its options and a clock that
 * can be moved forward to see timeouts. Nothing is stored. Everything is rendered as text (what
 * people type is never HTML).
 */
export function SimulatorPage() {
  const { t } = useTranslation();
  const id = Number(useParams().botId);
  const bot = useBot(id);
  const [params, setParams] = useSearchParams();
  const draft = params.get('draft') === '1';
  const simulation = useSimulation(id, draft);
  const { inputRef, firstOptionRef, chose } = useReplyFocus(simulation.answered, simulation.last);

  if (!Number.isInteger(id) || id < 1) return <NotFoundPage />;
  if (!bot.data) return <QueryPending query={bot} />;
  const { last } = simulation;

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/chatbots/${id}`} size="sm">
        {t('chatbots.simulator.back', { name: bot.data.name })}
      </Anchor>
      <Group justify="space-between" maw={CHAT_WIDTH + CONTROLS_WIDTH + 24}>
        <PageTitle>{t('chatbots.simulator.title', { name: bot.data.name })}</PageTitle>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={draft ? 'draft' : 'published'}
            onChange={(value) => {
              simulation.restart();
              setParams(value === 'draft' ? { draft: '1' } : {}, { replace: true });
            }}
            data={[
              { value: 'published', label: t('chatbots.simulator.published') },
              { value: 'draft', label: t('chatbots.simulator.draft') },
            ]}
            aria-label={t('chatbots.simulator.what')}
            data-testid="sim-source"
          />
          <Badge variant="light" color={last?.draft ? 'orange' : undefined} data-testid="sim-revision">
            {last?.draft
              ? t('chatbots.simulator.draftOf', { number: last.revision })
              : t('chatbots.revisionN', { number: last?.revision ?? bot.data.current_revision ?? 0 })}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" maw={CHAT_WIDTH + CONTROLS_WIDTH + 24}>
        {t('chatbots.simulator.hint')}
      </Text>
      {/* Two columns: the chat scrolls inside its box, the clock controls beside it stay put. */}
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Stack gap="md" flex={1} miw={0} maw={CHAT_WIDTH}>
          <Transcript
            lines={simulation.lines}
            pending={simulation.pending}
            firstOptionRef={firstOptionRef}
            onChoose={(option) => {
              chose.current = true;
              simulation.send({ choose_value: option.value }, { from: 'user', text: option.label });
            }}
          />
          <VisuallyHidden role="status" data-testid="sim-live">
            {simulation.announcement}
          </VisuallyHidden>
          <MessageForm
            inputRef={inputRef}
            pending={simulation.pending}
            onSend={(text) => simulation.send({ text }, { from: 'user', text })}
          />
        </Stack>
        <Box
          w={CONTROLS_WIDTH}
          style={{ flexShrink: 0, position: 'sticky', top: 'var(--app-shell-header-offset, 0px)' }}
        >
          <ClockControls
            last={last}
            onWait={(seconds) => simulation.send({ wait_seconds: seconds }, null)}
            onRestart={simulation.restart}
          />
        </Box>
      </Group>
    </Stack>
  );
}

/**
 * Choosing an option replaces its buttons, and the send button is disabled while the bot answers:
 * either drops the focus. Once the bot has answered, it goes to the first of the options it offers
 * now, or else to the message box. Typing in the message box keeps the focus there.
 */
function useReplyFocus(answered: number, last: SimulateView | null) {
  const inputRef = useRef<HTMLInputElement>(null);
  const firstOptionRef = useRef<HTMLButtonElement>(null);
  const chose = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose once per answer of the bot
  useEffect(() => {
    if (answered === 0) return;
    const active = document.activeElement;
    const lost = active === null || active === document.body || !active.isConnected;
    if (!chose.current && !lost && !(active instanceof HTMLButtonElement && active.disabled)) return;
    chose.current = false;
    const offers = last?.messages.some((message) => message.options.length > 0) ?? false;
    const target = offers ? (firstOptionRef.current ?? inputRef.current) : inputRef.current;
    target?.focus();
  }, [answered]);
  return { inputRef, firstOptionRef, chose };
}

/**
 * The simulation's transcript and its last reply (whose `session` the next step sends back).
 * `send` shows the user's line (if any) at once, then the bot's answer when it comes.
 */
function useSimulation(botId: number, draft: boolean) {
  const { t } = useTranslation();
  const simulate = useSimulate(botId);
  const notify = useNotify();
  const errorMessage = useErrorMessage();
  const [lines, setLines] = useState<Line[]>([]);
  const [last, setLast] = useState<SimulateView | null>(null);
  // What the bot just said, for screen readers (the transcript itself is not a live region).
  const [announcement, setAnnouncement] = useState('');
  // How many steps were answered (or failed): focus may move after each.
  const [answered, setAnswered] = useState(0);

  const send = (input: SimInput, shown: Line | null) => {
    if (shown) setLines((current) => [...current, shown]);
    simulate.mutate(
      { input, ...(last ? { session: last.session } : draft ? { draft: true } : {}) },
      {
        onSuccess: (view) => {
          setLast(view);
          const added: Line[] = view.messages.map((message) => ({ from: 'bot', message }));
          if (view.error) added.unshift({ from: 'note', text: view.error });
          if ('wait_seconds' in input) {
            added.unshift({
              from: 'note',
              text: t('chatbots.simulator.waited', { seconds: input.wait_seconds }),
            });
          }
          setLines((current) => [...current, ...added]);
          setAnnouncement(
            added
              .map((line) =>
                line.from === 'bot'
                  ? t('chatbots.simulator.botSaid', { text: line.message.text })
                  : line.text,
              )
              .join(' '),
          );
          setAnswered((count) => count + 1);
        },
        onError: (error) => {
          if (isApiError(error, 409) && error.code === 'draft_changed') {
            // The draft was saved since: the next message starts again on it.
            setLast(null);
            setLines((current) => [...current, { from: 'note', text: errorMessage(error) }]);
          } else if (issuesOf(error)) {
            setLines((current) => [...current, { from: 'note', text: t('chatbots.simulator.draftInvalid') }]);
          } else notify.error(error, t('chatbots.simulator.failed'));
          setAnswered((count) => count + 1);
        },
      },
    );
  };

  const restart = () => {
    setLines([]);
    setLast(null);
    setAnnouncement('');
    simulate.reset();
  };

  return { lines, last, announcement, answered, pending: simulate.isPending, send, restart };
}

/** The conversation so far; only the last message with options keeps its buttons. */
function Transcript({
  lines,
  pending,
  firstOptionRef,
  onChoose,
}: {
  lines: readonly Line[];
  pending: boolean;
  firstOptionRef: RefObject<HTMLButtonElement | null>;
  onChoose: (option: SimMessage['options'][number]) => void;
}) {
  const { t } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const lineCount = lines.length;
  useEffect(() => {
    if (lineCount > 0) viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lineCount]);

  let lastWithOptions = -1;
  lines.forEach((line, i) => {
    if (line.from === 'bot' && line.message.options.length > 0) lastWithOptions = i;
  });

  return (
    <Paper withBorder radius="md">
      <ScrollArea
        h="clamp(240px, calc(100dvh - 360px), 560px)"
        viewportRef={viewport}
        p="md"
        data-testid="sim-transcript"
      >
        <Stack gap="sm">
          {lines.length === 0 && (
            <Text c="dimmed" ta="center" py="xl">
              {t('chatbots.simulator.empty')}
            </Text>
          )}
          {lines.map((line, i) =>
            line.from === 'note' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the transcript only grows
              <Text key={i} size="xs" c="dimmed" ta="center" fs="italic" data-testid="sim-note">
                {line.text}
              </Text>
            ) : line.from === 'user' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the transcript only grows
              <Group key={i} justify="flex-end">
                <Bubble from="user">{line.text}</Bubble>
              </Group>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: the transcript only grows
              <Stack key={i} gap={6} align="flex-start">
                <Bubble from="bot">{line.message.text}</Bubble>
                {i === lastWithOptions && (
                  <Group gap={6}>
                    {line.message.options.map((option, index) => (
                      <Button
                        key={option.value}
                        ref={index === 0 ? firstOptionRef : undefined}
                        size="xs"
                        variant="light"
                        radius="xl"
                        // Not `disabled`: the chosen button keeps the focus until the bot's answer replaces it.
                        data-disabled={pending}
                        aria-disabled={pending}
                        onClick={() => {
                          if (!pending) onChoose(option);
                        }}
                        data-testid="sim-option"
                      >
                        {numberedLabel(option.label, index)}
                      </Button>
                    ))}
                  </Group>
                )}
              </Stack>
            ),
          )}
        </Stack>
      </ScrollArea>
    </Paper>
  );
}

/** The text box: what the user types, sent as it is. */
function MessageForm({
  inputRef,
  pending,
  onSend,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  pending: boolean;
  onSend: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (text.trim() === '' || pending) return;
    onSend(text);
    setText('');
  };

  return (
    <form onSubmit={submit}>
      <Group gap="sm" align="flex-end">
        <TextInput
          ref={inputRef}
          flex={1}
          aria-label={t('chatbots.simulator.message')}
          placeholder={t('chatbots.simulator.placeholder')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autoComplete="off"
          data-testid="sim-input"
        />
        <Button
          type="submit"
          loading={pending}
          leftSection={<IconSend size={16} aria-hidden />}
          data-testid="sim-send"
        >
          {t('chatbots.simulator.send')}
        </Button>
      </Group>
    </form>
  );
}

/** Moves the simulated clock forward (so timeouts fire), starts over, and shows the clock. */
function ClockControls({
  last,
  onWait,
  onRestart,
}: {
  last: SimulateView | null;
  onWait: (seconds: number) => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [wait, setWait] = useState<number | string>(3600);
  const seconds = typeof wait === 'number' ? wait : Number(wait);

  return (
    <Paper withBorder radius="md" p="md" data-testid="sim-controls">
      <Stack gap="sm">
        <NumberInput
          label={t('chatbots.simulator.waitLabel')}
          min={0}
          step={60}
          value={wait}
          onChange={setWait}
          data-testid="sim-wait-seconds"
        />
        <Button
          variant="default"
          leftSection={<IconClockPlay size={16} aria-hidden />}
          disabled={!last || !Number.isFinite(seconds) || seconds < 0}
          onClick={() => onWait(seconds)}
          data-testid="sim-wait"
        >
          {t('chatbots.simulator.wait')}
        </Button>
        <Button
          variant="subtle"
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={onRestart}
          data-testid="sim-restart"
        >
          {t('chatbots.simulator.restart')}
        </Button>
        {last && (
          <Stack gap={2} data-testid="sim-clock">
            <Text size="xs" c="dimmed">
              {t('chatbots.simulator.clock', { now: formatDateTime(last.now) })}
            </Text>
            <Text size="xs" c="dimmed">
              {last.deadline
                ? t('chatbots.simulator.deadline', { deadline: formatDateTime(last.deadline) })
                : t('chatbots.simulator.noDeadline')}
            </Text>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function Bubble({ from, children }: { from: 'user' | 'bot'; children: string }) {
  return (
    <Box
      px="md"
      py={8}
      maw="75%"
      bg={from === 'user' ? 'blue.6' : 'var(--parley-surface-muted)'}
      c={from === 'user' ? 'white' : undefined}
      style={{ borderRadius: 14, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      data-testid="sim-message"
      data-from={from}
    >
      <Text size="sm" inherit>
        {children}
      </Text>
    </Box>
  );
}
