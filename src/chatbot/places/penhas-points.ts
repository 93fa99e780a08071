import type { SupportPoint } from '../engine/index.js';
import { getJson } from './http-json.js';
import type { SupportPointSource } from './sources.js';

/**
 * Support points from a remote endpoint shaped like PenhaS's `GET /ponto-apoio-unlimited`
 * (docs/chatbot.md#cep-lookup-and-support-points), instead of Parley's own directory:
 * `?latitude&longitude&max_distance=<km>&rows=<n>[&token=]` answered with
 * `{"rows": [{nome, categoria: {nome}, ddd, telefone1, telefone2, tipo_logradouro,
 * nome_logradouro, numero, bairro, municipio, uf, distancia}, …]}`, nearest first.
 *
 * Rows are read leniently (a row without a name is skipped; other fields may be missing); an
 * answer that is not that shape, an HTTP error or no answer within 3 s is `SupportPointsFailed`.
 */

export class SupportPointsFailed extends Error {
  override name = 'SupportPointsFailed';
}

const supportPointsFailed = (message: string) => new SupportPointsFailed(message);

export interface PenhasPointsOptions {
  /** The endpoint's full URL (PenhaS's PONTO_APOIO_ENDPOINT). */
  readonly url: string;
  /** Sent as `token` (PenhaS's PONTO_APOIO_SECRET); null: none (or already in the URL). */
  readonly token: string | null;
}

export function penhasSupportPoints(options: PenhasPointsOptions): SupportPointSource {
  return {
    name: 'penhas',
    async near(at, wanted) {
      const url = new URL(options.url);
      // PenhaS checks coordinates with a pattern that wants decimals.
      url.searchParams.set('latitude', at.lat.toFixed(6));
      url.searchParams.set('longitude', at.lng.toFixed(6));
      url.searchParams.set('max_distance', String(wanted.radius_km));
      url.searchParams.set('rows', String(wanted.points));
      if (options.token !== null) url.searchParams.set('token', options.token);
      const answer = await getJson(url, supportPointsFailed);
      const rows = isRecord(answer) ? answer.rows : undefined;
      if (!Array.isArray(rows)) throw new SupportPointsFailed(`${url.host}: no rows in the answer`);
      // PenhaS gives up to 100 when asked for fewer than 3: only the nearest asked for are kept.
      return rows.flatMap(pointOfRow).slice(0, wanted.points);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** One row as a support point; none when it has no name. */
export function pointOfRow(row: unknown): SupportPoint[] {
  if (!isRecord(row)) return [];
  const name = text(row.nome);
  if (name === '') return [];
  return [
    {
      name,
      category: isRecord(row.categoria) ? text(row.categoria.nome) : '',
      phone: phoneOf(row),
      address: addressOf(row),
      distance_km: distanceOf(row.distancia),
    },
  ];
}

/** As PenhaS wrote them: `+55` with the area code, the second number after " e ". */
function phoneOf(row: Record<string, unknown>): string {
  const ddd = text(row.ddd);
  const numbers = [text(row.telefone1), text(row.telefone2)].filter((n) => n !== '');
  return numbers.map((n) => (ddd === '' ? n : `+55${ddd}${n}`)).join(' e ');
}

function addressOf(row: Record<string, unknown>): string {
  const street = [text(row.tipo_logradouro), text(row.nome_logradouro)].filter((p) => p !== '').join(' ');
  if (text(row.nome_logradouro) === '') return cityOf(row);
  const number = text(row.numero);
  const place = [`${street}, ${number === '' ? 'sem número' : number}`, text(row.bairro)]
    .filter((p) => p !== '')
    .join(' - ');
  const city = cityOf(row);
  return city === '' ? place : `${place}, ${city}`;
}

function cityOf(row: Record<string, unknown>): string {
  return [text(row.municipio), text(row.uf)].filter((p) => p !== '').join(' - ');
}

/**
 * `distancia` is whole kilometres, as a number or text; regional services read "Regional - 12",
 * national ones "Nacional - 0" (no distance: they serve everywhere).
 */
function distanceOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const written = text(value);
  if (written === '' || /^nacional/i.test(written)) return null;
  const match = /(\d+(?:[.,]\d+)?)$/.exec(written);
  return match?.[1] ? Number(match[1].replace(',', '.')) : null;
}
