/**
 * The CEP (Brazilian postal code) part of `cep_address_lookup`: checking what was typed, the texts
 * of its errors, and how support points found near it are written (docs/chatbot.md, "CEP lookup").
 */

/** The host's answer to a `lookup` effect. */
export type LookupResult =
  | {
      readonly status: 'found';
      /** Readable address of the CEP (reverse geocoding), stored as `human_address`. */
      readonly human_address: string;
      /** `lat,lng`, stored as `latlng`. */
      readonly latlng: string;
      /** Nearest support points, nearest first (empty counts as `no_services`). */
      readonly services: readonly SupportPoint[];
    }
  | {
      readonly status: 'no_services';
      readonly human_address: string;
      readonly latlng: string;
      readonly radius_km: number;
    }
  /** The CEP could not be geocoded. */
  | { readonly status: 'not_found' }
  /** The provider failed (network, quota…). */
  | { readonly status: 'failed' };

/**
 * How many support points a CEP question lists and within what radius: its own `points` and
 * `radius_km`, else these. The limits are what the validator accepts (a remote PenhaS-shaped
 * endpoint takes whole kilometres from 1 to 5000).
 */
export const NEAR_WANTED_DEFAULTS = { points: 3, radius_km: 50 } as const;
export const NEAR_WANTED_LIMITS = {
  points: { min: 1, max: 10 },
  radius_km: { min: 1, max: 5000 },
} as const;

/** What a lookup is asked for besides the CEP. */
export interface NearWanted {
  readonly points: number;
  readonly radius_km: number;
}

/** A question's (or item's) own settings with the defaults filled in. */
export function nearWanted(settings: { readonly points?: number; readonly radius_km?: number }): NearWanted {
  return {
    points: settings.points ?? NEAR_WANTED_DEFAULTS.points,
    radius_km: settings.radius_km ?? NEAR_WANTED_DEFAULTS.radius_km,
  };
}

export interface SupportPoint {
  readonly name: string;
  readonly category: string;
  readonly phone: string;
  readonly address: string;
  readonly distance_km: number | null;
}

const HELP = 'Digite outro CEP no formato 00000-000 ou use o botão "Sair" para encerrar a conversa.';

export type CepCheck =
  | { readonly ok: true; readonly cep: string }
  | { readonly ok: false; readonly error: string };

/** Keeps only the digits; exactly 8 are required. */
export function checkCep(typed: string): CepCheck {
  const digits = typed.replace(/\D/g, '');
  if (digits === '') return { ok: false, error: `Não encontrei os dígitos para buscar o CEP! ${HELP}` };
  if (digits.length < 8) {
    return { ok: false, error: `Não encontrei dígitos suficientes para buscar o CEP! ${HELP}` };
  }
  if (digits.length > 8) return { ok: false, error: `Encontrei dígitos demais para buscar o CEP! ${HELP}` };
  return { ok: true, cep: digits };
}

export function formatCep(cep: string): string {
  return `${cep.slice(0, 5)}-${cep.slice(5)}`;
}

/** The error text for a lookup that found nothing usable. */
export function lookupError(cep: string, result: Exclude<LookupResult, { status: 'found' }>): string {
  switch (result.status) {
    case 'not_found':
      return `Não encontrei a rua do CEP ${formatCep(cep)}! O CEP precisa estar localizado no Brasil. ${HELP}`;
    case 'no_services':
      return `Não encontrei serviço de atendimento num raio de ${result.radius_km} km de ${result.human_address}! ${HELP}`;
    case 'failed':
      return `Não consegui buscar o CEP ${formatCep(cep)} agora. ${HELP}`;
  }
}

/** One support point as one message. */
export function formatSupportPoint(point: SupportPoint): string {
  const lines = [point.category === '' ? point.name : `${point.name} (${point.category})`];
  if (point.phone !== '') lines.push(`Telefone: ${point.phone}`);
  if (point.address !== '') lines.push(`Endereço: ${point.address}`);
  if (point.distance_km !== null && Number.isFinite(point.distance_km)) {
    lines.push(`Distância: ${point.distance_km.toFixed(1).replace('.', ',')} km`);
  }
  return lines.join('\n');
}

/** Header of the results, shown before one message per support point. */
export const RESULTS_HEADER = 'Estes são os resultados que encontrei para [% human_address %]:';
