import type { ApiErrorBody } from '../../../common/api/errors.js';
import type { RunView } from '../../../common/api/reports.js';
import { ApiError } from '../api/client.js';

/**
 * A run's answer is streamed: a run that fails after its first rows went out still answers 200,
 * its JSON ending with an `error` member in the API's error shape. That is a failed run, as an
 * error reply would be: the rows before it are not shown as a result.
 */
export function checkedRun(answer: RunView | (Partial<RunView> & ApiErrorBody)): RunView {
  if (answer.error) {
    const { code, message, details } = answer.error;
    throw new ApiError(200, code, message, details);
  }
  return answer as RunView;
}
