import { utilisationOf } from './utilisation';

describe('utilisationOf', () => {
  it('is reserved units over daily capacity, to 4 places', () => {
    expect(utilisationOf(0, 120)).toBe(0);
    expect(utilisationOf(30, 120)).toBe(0.25);
    expect(utilisationOf(1, 3)).toBe(0.3333);
  });

  it('shows an overbooked node above 1, and a node without capacity as full', () => {
    expect(utilisationOf(150, 120)).toBe(1.25);
    expect(utilisationOf(0, 0)).toBe(1);
  });
});
