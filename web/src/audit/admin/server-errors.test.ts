import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.js';
import { serverProblems, splitPath } from './server-errors.js';

describe('server problems', () => {
  it('splits body paths', () => {
    expect(splitPath('body/items/1/key')).toEqual(['items', '1', 'key']);
    expect(splitPath('/batch_size')).toEqual(['batch_size']);
    expect(splitPath('body')).toEqual([]);
  });

  it('reads schema errors from details', () => {
    const error = new ApiError(400, 'validation_failed', 'body/batch_size must be <= 100', [
      { path: 'body/batch_size', message: 'must be <= 100' },
      { path: 'body/pool_since_days', message: 'must be integer' },
    ]);
    expect(serverProblems(error)).toEqual([
      { path: ['batch_size'], message: 'must be <= 100' },
      { path: ['pool_since_days'], message: 'must be integer' },
    ]);
  });

  it('reads a domain error path from details or from the message', () => {
    const withDetails = new ApiError(400, 'bad_request', 'items/1/key "tone" is used twice.', {
      path: 'items/1/key',
    });
    expect(serverProblems(withDetails)).toEqual([
      { path: ['items', '1', 'key'], message: 'items/1/key "tone" is used twice.' },
    ]);
    const inMessage = new ApiError(400, 'bad_request', 'Rubric item items/2/weight is out of range');
    expect(serverProblems(inMessage)[0]?.path).toEqual(['items', '2', 'weight']);
    const plain = new ApiError(400, 'bad_request', 'A rubric needs at least one item.');
    expect(serverProblems(plain)).toEqual([{ path: [], message: 'A rubric needs at least one item.' }]);
  });

  it('ignores errors that are not about the request body', () => {
    expect(serverProblems(new ApiError(500, 'internal', 'boom'))).toEqual([]);
    expect(serverProblems(new TypeError('fetch failed'))).toEqual([]);
  });
});
