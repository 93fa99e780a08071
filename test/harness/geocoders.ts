import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback.js';

/** A place the fake knows: its CEP with a dash, as the query names it. */
export interface FakePlace {
  readonly lat: number;
  readonly lng: number;
  readonly label: string;
}

/** What the next calls get: answered, an HTTP error, a quota status (Google), or no answer at all. */
export type FakeMode = 'normal' | 'http_500' | 'over_quota' | 'hang';

export const FAKE_GEOCODING_KEY = 'fake-geocoding-key';

/**
 * Google's Geocoding API and HERE's Geocoding & Search v7 as one real HTTP server on 127.0.0.1:
 * `GET /maps/api/geocode/json?components=country:BR|postal_code:NNNNN-NNN&key=…` and
 * `GET /v1/geocode?qq=postalCode=NNNNN-NNN;country=BRA&apiKey=…`, answering from `places`.
 * A wrong key is refused as each service refuses it. Every request is recorded.
 */
export class FakeGeocoding {
  readonly places = new Map<string, FakePlace>();
  readonly requests: URL[] = [];
  mode: FakeMode = 'normal';

  private constructor(private readonly server: LoopbackServer) {}

  static async start(): Promise<FakeGeocoding> {
    let fake: FakeGeocoding | null = null;
    fake = new FakeGeocoding(
      await LoopbackServer.start((request, response) => fake?.handle(request, response)),
    );
    return fake;
  }

  get url(): string {
    return this.server.origin;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private handle(request: IncomingMessage, response: ServerResponse): undefined {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push(url);
    const send = (status: number, body: unknown): undefined => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (this.mode === 'hang') {
      this.server.hold(response);
      return;
    }
    if (this.mode === 'http_500') return send(500, { error: 'Internal' });
    if (url.pathname === '/maps/api/geocode/json') return this.google(url, send);
    if (url.pathname === '/v1/geocode') return this.here(url, send);
    return send(404, { error: 'Not Found' });
  }

  private google(url: URL, send: (status: number, body: unknown) => undefined): undefined {
    if (url.searchParams.get('key') !== FAKE_GEOCODING_KEY) {
      return send(200, {
        status: 'REQUEST_DENIED',
        error_message: 'The provided API key is invalid.',
        results: [],
      });
    }
    if (this.mode === 'over_quota') return send(200, { status: 'OVER_QUERY_LIMIT', results: [] });
    const cep = /postal_code:(\d{5}-\d{3})/.exec(url.searchParams.get('components') ?? '')?.[1] ?? '';
    const place = this.places.get(cep);
    if (!place) return send(200, { status: 'ZERO_RESULTS', results: [] });
    return send(200, {
      status: 'OK',
      results: [
        { formatted_address: place.label, geometry: { location: { lat: place.lat, lng: place.lng } } },
      ],
    });
  }

  private here(url: URL, send: (status: number, body: unknown) => undefined): undefined {
    if (url.searchParams.get('apiKey') !== FAKE_GEOCODING_KEY) {
      return send(401, { error: 'Unauthorized', error_description: 'apiKey invalid. apiKey not found.' });
    }
    if (this.mode === 'over_quota') return send(429, { error: 'Too Many Requests' });
    const cep = /postalCode=(\d{5}-\d{3})/.exec(url.searchParams.get('qq') ?? '')?.[1] ?? '';
    const place = this.places.get(cep);
    if (!place) return send(200, { items: [] });
    return send(200, {
      items: [
        { title: place.label, address: { label: place.label }, position: { lat: place.lat, lng: place.lng } },
      ],
    });
  }
}
