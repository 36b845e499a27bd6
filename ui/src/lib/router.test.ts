import { describe, expect, it } from 'vitest';
import { parseHash, routeHash } from './router';

describe('hash routes', () => {
  it('splits a hash into path segments and search', () => {
    expect(parseHash('#/cases/12?page=2')).toEqual({ path: ['cases', '12'], search: 'page=2' });
    expect(parseHash('')).toEqual({ path: [], search: '' });
    expect(parseHash('#/work/handler.mine')).toEqual({ path: ['work', 'handler.mine'], search: '' });
  });

  it('builds the hash it parses, escaping what needs it', () => {
    expect(routeHash(['cases', 7], 'q=a')).toBe('#/cases/7?q=a');
    expect(routeHash(['work'])).toBe('#/work');
    expect(parseHash(routeHash(['work', 'a b/c'])).path).toEqual(['work', 'a b/c']);
  });
});
