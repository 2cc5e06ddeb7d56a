import { Writable } from 'node:stream';
import { PinoNestLogger, createRootLogger } from './logger.js';

describe('the root logger', () => {
  it('drops a failed query’s parameters and failing row from every logged error (they carry personal data)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = new PinoNestLogger(createRootLogger({ logLevel: 'trace' }, sink));
    const driverError = Object.assign(new Error('null value in column "description" violates not-null constraint'), {
      code: '23502',
      detail: 'Failing row contains (张三, 110101199003071234).',
      parameters: ['张三', '110101199003071234'],
    });
    const err = Object.assign(new Error(driverError.message), { parameters: ['张三', '110101199003071234'], detail: driverError.detail, driverError });
    // As AllExceptionsFilter logs an unexpected error.
    logger.error({ requestId: 'r1', method: 'POST', url: '/api/v1/applications', err }, err.stack, 'Errors');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/张三|110101199003071234/);
    expect(JSON.parse(lines[0]).err.driverError.code).toBe('23502');
  });
});
