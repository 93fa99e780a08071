/**
 * Work the host must do outside the engine, then resume with the result (goflow's wait/resume
 * shape: the CEP lookup is like its dial wait). While an effect is outstanding the state waits.
 *
 * Why a wait and not an injected lookup port: a port would make start()/resume() async and give
 * them a dependency that can fail, time out or be slow while the host holds the conversation's
 * row lock; as a wait, the engine stays synchronous and total, the state records what it waits
 * for (plain JSON, so a crash between the two calls loses nothing), and tests need no fakes
 * inside the engine — they answer the effect with a `lookup_result` like any host.
 */
export type Effect = {
  readonly kind: 'lookup';
  /** 8 digits. */
  readonly cep: string;
  /** Code of the question that asked for it. */
  readonly question: string;
  /** Support points wanted at most, and within what radius (the question's settings). */
  readonly points: number;
  readonly radius_km: number;
};
