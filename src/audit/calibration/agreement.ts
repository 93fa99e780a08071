/**
 * Agreement between two auditors on one yes/no rubric item over the conversations both scored:
 * percent agreement and Cohen's kappa. Kappa is null when chance agreement is total (both always
 * said the same single value), where it is undefined.
 */
export interface Agreement {
  n: number;
  percent: number;
  kappa: number | null;
}

export function agreement(pairs: ReadonlyArray<readonly [boolean, boolean]>): Agreement {
  const n = pairs.length;
  if (n === 0) return { n: 0, percent: 0, kappa: null };
  let agree = 0;
  let aYes = 0;
  let bYes = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    if (a) aYes++;
    if (b) bYes++;
  }
  const observed = agree / n;
  const expected = (aYes / n) * (bYes / n) + ((n - aYes) / n) * ((n - bYes) / n);
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  return { n, percent: observed * 100, kappa };
}
