import { requestErrorAnswer } from './request-errors';

describe('requestErrorAnswer', () => {
  it('says what is wrong with the body, never how the server failed', () => {
    expect(requestErrorAnswer(Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' }))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The request body is not valid JSON.',
    });
    expect(requestErrorAnswer({ status: 413, type: 'entity.too.large', limit: 1_048_576 })).toEqual({
      status: 413,
      code: 'BAD_REQUEST',
      message: 'The request body is larger than 1048576 bytes; send less.',
    });
    expect(requestErrorAnswer({ status: 415, type: 'charset.unsupported' }).code).toBe('BAD_REQUEST');
  });

  it('masks anything unexpected', () => {
    expect(requestErrorAnswer(new Error('ENOENT /srv/secret/path'))).toEqual({ status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    expect(requestErrorAnswer({ status: 200 })).toMatchObject({ status: 500 });
  });

  it('answers 503 with the database’s code when a route finds its database away or out of time', () => {
    expect(requestErrorAnswer(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }))).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(requestErrorAnswer(Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }))).toMatchObject({ status: 503, code: 'DATABASE_TIMEOUT' });
  });
});
