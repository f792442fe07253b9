import { describe, expect, it } from 'vitest';
import { UrlStore, decodeTab, tabParams, type UrlHost } from './url-store';

/** A stand-in for `window`: its location follows replaceState, and every write is counted. */
function fakeHost(search: string): UrlHost & { writes: string[] } {
  const writes: string[] = [];
  const location = { pathname: '/app/', search, hash: '#x' };
  return {
    location,
    writes,
    history: {
      state: null,
      replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => {
        const text = String(url);
        writes.push(text);
        location.search = text.slice(location.pathname.length, text.length - location.hash.length);
      },
    },
  };
}

describe('URL store', () => {
  it('shares the query between the views: one section written, every other key kept', () => {
    const host = fakeHost('?act=relu&depth=500&tab=training&t.depth=3');
    const store = new UrlStore(host);
    expect(store.read('train').toString()).toBe('t.depth=3');
    expect(store.read('sim').toString()).toBe('act=relu&depth=500');
    expect(decodeTab(store.read('shell'))).toBe('training');
    store.write('train', new URLSearchParams('t.depth=9&t.task=xor'));
    expect(host.location.search).toBe('?act=relu&depth=500&tab=training&t.depth=9&t.task=xor');
    expect(host.writes).toEqual(['/app/?act=relu&depth=500&tab=training&t.depth=9&t.task=xor#x']);
    store.write('sim', new URLSearchParams('act=tanh,relu'));
    store.write('shell', tabParams('init'));
    expect(host.location.search).toBe('?act=tanh,relu&t.depth=9&t.task=xor');
  });

  it('leaves the history alone when nothing changes, and refuses a key of another section', () => {
    const host = fakeHost('?act=relu&t.depth=3');
    const store = new UrlStore(host);
    store.write('sim', new URLSearchParams('act=relu'));
    expect(host.writes).toEqual([]);
    expect(() => store.write('sim', new URLSearchParams('t.depth=4'))).toThrow(/not in the sim section/);
    expect(() => store.write('train', new URLSearchParams('tab=training'))).toThrow(/not in the train section/);
    expect(decodeTab(new URLSearchParams('tab=bogus'))).toBe('init');
  });
});
