/**
 * Work the host must do outside the engine, then resume with the result (goflow's wait/resume
 * shape: the CEP lookup is like its dial wait). While an effect is outstanding the state waits.
 */
export type Effect = {
  readonly kind: 'lookup';
  /** 8 digits. */
  readonly cep: string;
  /** Code of the question that asked for it. */
  readonly question: string;
};
