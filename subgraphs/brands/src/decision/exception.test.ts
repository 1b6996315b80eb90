import { isExceptionTo } from './exception';

describe('isExceptionTo', () => {
  it('is an exception when the decided model departs from the recommendation', () => {
    expect(isExceptionTo('PARTNER', 'ORCHESTRATE')).toBe(true);
  });

  it('is no exception when it follows it, or when there is no decision or no recommendation', () => {
    expect(isExceptionTo('FEDERATE', 'FEDERATE')).toBe(false);
    expect(isExceptionTo(null, 'OPERATE')).toBe(false);
    expect(isExceptionTo('OPERATE', null)).toBe(false);
  });
});
