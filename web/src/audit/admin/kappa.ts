/** Landis & Koch's reading of Cohen's kappa; `poor` is below 0, agreement worse than chance. */
export type KappaLevel = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almostPerfect';

export const KAPPA_LEVELS: readonly { level: KappaLevel; from: number | null; to: number | null }[] = [
  { level: 'poor', from: null, to: 0 },
  { level: 'slight', from: 0, to: 0.2 },
  { level: 'fair', from: 0.2, to: 0.4 },
  { level: 'moderate', from: 0.4, to: 0.6 },
  { level: 'substantial', from: 0.6, to: 0.8 },
  { level: 'almostPerfect', from: 0.8, to: null },
];

export const KAPPA_COLORS: Record<KappaLevel, string> = {
  poor: 'red',
  slight: 'red',
  fair: 'orange',
  moderate: 'yellow',
  substantial: 'teal',
  almostPerfect: 'green',
};

/** The level a kappa falls in; each range includes its lower bound. */
export function kappaLevel(kappa: number): KappaLevel {
  const found = KAPPA_LEVELS.find(({ to }) => to === null || kappa < to);
  return found?.level ?? 'almostPerfect';
}
