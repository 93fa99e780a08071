import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake remote API's HTTP server: real, on 127.0.0.1, on a free port. A response can be held
 * unanswered (a service that never answers); held ones are dropped when the server stops.
 */
export class LoopbackServer {
  private readonly held: ServerResponse[] = [];

  private constructor(private readonly server: Server) {}

  static async start(
    handle: (request: IncomingMessage, response: ServerResponse) => void,
  ): Promise<LoopbackServer> {
    const server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new LoopbackServer(server);
  }

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Leaves the response unanswered until the server stops. */
  hold(response: ServerResponse): void {
    this.held.push(response);
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
