import { CHANNEL_LIMITS } from '../../../common/limits.js';
import type { App } from '../../http/types.js';

/**
 * JSON bodies of this (encapsulated) scope are kept as received in `request.rawBody` before they are
 * parsed: webhook signatures are checked over the exact bytes, before anything is validated or stored.
 */
export function keepRawJsonBody(scope: App): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: CHANNEL_LIMITS.inboundBodyMaxBytes },
    (request, body, done) => {
      request.rawBody = body as Buffer;
      parseJson(request, (body as Buffer).toString('utf8'), done);
    },
  );
}
