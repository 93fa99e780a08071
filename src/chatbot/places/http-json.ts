/** How long a remote service (geocoder, support-point endpoint) may take before the user is asked again. */
export const REMOTE_TIMEOUT_MS = 3000;

/**
 * GET a JSON answer from a remote service within REMOTE_TIMEOUT_MS. Whatever goes wrong (network,
 * timeout, an HTTP error, an answer that is not JSON) is thrown as `failed(message)`; the message
 * names the host only, never the query (it may hold a key or a token).
 */
export async function getJson(url: URL, failed: (message: string) => Error): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    throw failed(
      `${url.host}: ${(error as Error).name === 'TimeoutError' ? 'no answer in time' : (error as Error).message}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw failed(`${url.host}: HTTP ${response.status}`);
  }
  try {
    return await response.json();
  } catch {
    throw failed(`${url.host}: the answer is not JSON`);
  }
}
