import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback.js';

/** A support point as PenhaS stores it (`ponto_apoio`), with its category's name. */
export interface FakePenhasPoint {
  readonly nome: string;
  readonly categoria: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly abrangencia?: 'Local' | 'Regional' | 'Nacional';
  readonly ddd?: string | null;
  readonly telefone1?: string | null;
  readonly telefone2?: string | null;
  readonly tipo_logradouro?: string | null;
  readonly nome_logradouro?: string | null;
  readonly numero?: number | null;
  readonly bairro?: string | null;
  readonly municipio?: string | null;
  readonly uf?: string | null;
}

/** What the next calls get: answered, an HTTP error, no answer, or an answer of the wrong shape. */
export type FakePenhasMode = 'normal' | 'http_500' | 'hang' | 'not_json' | 'no_rows';

export const FAKE_PENHAS_TOKEN = 'fake-ponto-apoio-secret';

/** PenhaS's own check of a latitude (Penhas::Helpers::PontoApoio): it wants decimals. */
const LATITUDE = /^[-+]?(?:(?:[1-8]?\d\.\d+)|90)$/;
const LONGITUDE = /^[-+]?(?:180(?:\.0+)?|(?:(?:1[0-7]\d)|(?:[1-9]?\d))(?:\.\d+)?)$/;

function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

/**
 * PenhaS's `GET /ponto-apoio-unlimited` (the support-point list its Twitter bot used) as a real
 * HTTP server on 127.0.0.1, answering from `points` as PenhaS does: `token` checked first (400
 * `token_invalid`), then `latitude`, `longitude`, `max_distance` (1–5000) and `rows` (400
 * `form_error`); national services always listed ("Nacional - 0"), the others within
 * `max_distance`, nearest first, `distancia` in whole kilometres; fewer than 3 `rows` give up to
 * 100 (PenhaS's own rule). Every request is recorded.
 */
export class FakePenhasPoints {
  readonly points: FakePenhasPoint[] = [];
  readonly requests: URL[] = [];
  mode: FakePenhasMode = 'normal';

  private constructor(private readonly server: LoopbackServer) {}

  static async start(): Promise<FakePenhasPoints> {
    let fake: FakePenhasPoints | null = null;
    fake = new FakePenhasPoints(
      await LoopbackServer.start((request, response) => fake?.handle(request, response)),
    );
    return fake;
  }

  /** The endpoint's URL, as SUPPORT_POINTS_URL names it. */
  get url(): string {
    return `${this.server.origin}/ponto-apoio-unlimited`;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private handle(request: IncomingMessage, response: ServerResponse): undefined {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    this.requests.push(url);
    const send = (status: number, body: unknown): undefined => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (this.mode === 'hang') {
      this.server.hold(response);
      return;
    }
    if (this.mode === 'http_500') return send(500, { error: 'Internal server error' });
    if (this.mode === 'not_json') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      return;
    }
    if (request.method !== 'GET' || url.pathname !== '/ponto-apoio-unlimited') return send(404, {});
    return this.list(url.searchParams, send);
  }

  private list(query: URLSearchParams, send: (status: number, body: unknown) => undefined): undefined {
    const formError = (field: string, reason: string) =>
      send(400, { error: 'form_error', field, reason, message: `${field} ${reason}` });
    const token = query.get('token');
    if (token === null) return formError('token', 'is_required');
    if (token !== FAKE_PENHAS_TOKEN) {
      return send(400, {
        error: 'token_invalid',
        field: 'token',
        reason: 'invalid',
        message: 'invalid token',
      });
    }
    const latitude = query.get('latitude') ?? '';
    const longitude = query.get('longitude') ?? '';
    if (!LATITUDE.test(latitude)) return formError('latitude', 'invalid');
    if (!LONGITUDE.test(longitude)) return formError('longitude', 'invalid');
    const maxDistance = Number(query.get('max_distance'));
    if (!/^\d+$/.test(query.get('max_distance') ?? '')) return formError('max_distance', 'invalid');
    if (maxDistance > 5000 || maxDistance < 1) return formError('max_distance', 'invalid');
    let rows = Number(query.get('rows'));
    if (!/^\d+$/.test(query.get('rows') ?? '')) return formError('rows', 'invalid');
    if (rows > 5000 || rows < 3) rows = 100;
    if (this.mode === 'no_rows') return send(200, { total: 0 });
    return send(200, this.answer(Number(latitude), Number(longitude), maxDistance, rows));
  }

  private answer(lat: number, lng: number, maxDistance: number, rows: number) {
    const listed = this.points
      .map((point, i) => {
        const national = point.abrangencia === 'Nacional';
        const km = national ? -0.0001 : haversineKm(lat, lng, point.latitude, point.longitude);
        return { point, id: i + 1, km, national };
      })
      .filter((p) => p.national || p.km <= maxDistance)
      .sort((a, b) => a.km - b.km)
      .slice(0, rows);
    return {
      rows: listed.map(({ point, id, km, national }) => ({
        id,
        ...point,
        abrangencia: point.abrangencia ?? 'Local',
        avaliacao: 'n/a',
        categoria: { id: 1, cor: '#f982b4', nome: point.categoria },
        distancia: national
          ? 'Nacional - 0 '
          : `${point.abrangencia === 'Regional' ? 'Regional - ' : ''}${Math.floor(km)}`,
      })),
      has_more: 0,
      next_page: null,
      avaliacao_maxima: '5',
      latitude: lat,
      longitude: lng,
    };
  }
}
