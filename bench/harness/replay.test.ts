import { describeWaves, wavesOf, type CapturedFetch } from './replay';

const f = (subgraph: string, started: number, ended: number): CapturedFetch => ({ subgraph, url: `http://x/${subgraph}`, body: `{"q":"${subgraph}${started}"}`, started, ended, response: '{}' });

describe('direct-subgraph replay waves', () => {
  it('puts fetches that overlapped in one wave and a fetch started after a wave answered in the next', () => {
    const waves = wavesOf([f('partners', 12, 14), f('brands', 0, 5), f('inventory', 6, 11), f('partners', 6, 9)]);
    expect(describeWaves(waves)).toBe('brands → inventory ‖ partners → partners');
    expect(waves[2]![0]!.body).toBe('{"q":"partners12"}');
  });

  it('keeps sequential fetches sequential', () => {
    expect(wavesOf([f('a', 0, 1), f('b', 2, 3), f('c', 4, 5)]).map((w) => w.length)).toEqual([1, 1, 1]);
  });
});
