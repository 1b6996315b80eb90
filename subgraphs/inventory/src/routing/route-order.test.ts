import { QueryFailedError } from 'typeorm';
import { isConflict } from './route-order';

const pgError = (fields: Record<string, string>) => Object.assign(new Error('duplicate key value violates unique constraint'), fields);

it('takes only a violation of routing_decision_current for another request of the same order', () => {
  expect(isConflict(new QueryFailedError('INSERT …', [], pgError({ code: '23505', constraint: 'routing_decision_current' })))).toBe(true);
  // Another unique constraint (a reservation id, a ledger seq) is a failure, not a replay.
  expect(isConflict(new QueryFailedError('INSERT …', [], pgError({ code: '23505', constraint: 'ledger_entry_pkey' })))).toBe(false);
  expect(isConflict(new QueryFailedError('INSERT …', [], pgError({ code: '40P01' })))).toBe(false);
});
