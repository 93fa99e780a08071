import cliProgress from 'cli-progress';
import type { Progress, ProgressListener } from '../sources/spoke/index.js';

const WIDTH = 30;

function amount(progress: Progress, value: number): string {
  if (progress.unit === 'bytes') return `${(value / 2 ** 20).toFixed(1)} MiB`;
  return value.toLocaleString('en-US');
}

/** One line: phase, a bar when the total is known, and how far. */
export function renderProgress(progress: Progress): string {
  const { phase, done, total } = progress;
  if (total === null || total <= 0) return done > 0 ? `${phase} … ${amount(progress, done)}` : `${phase} …`;
  const share = Math.min(1, done / total);
  const filled = Math.round(share * WIDTH);
  return `${phase} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${Math.round(share * 100)}% ${amount(progress, done)} / ${amount(progress, total)}`;
}

/**
 * A progress bar on stderr for long CLI work, only when stderr is a terminal (never in pipes,
 * logs or tests). `stop()` clears it.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  listener: ProgressListener;
  stop(): void;
} {
  if (!stream.isTTY) return { listener: () => undefined, stop: () => undefined };
  let current: Progress = { phase: 'starting', done: 0, total: null, unit: 'rows' };
  const bar = new cliProgress.SingleBar({
    stream,
    format: () => renderProgress(current),
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
  });
  bar.start(1, 0);
  return {
    listener(progress) {
      current = progress;
      bar.update(0);
    },
    stop() {
      bar.stop();
    },
  };
}
