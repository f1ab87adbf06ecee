import { stickyCookie, stickyVersionFrom } from './sticky-cookie';

describe('sticky cookie', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['sy_version=abc', 'abc'],
    ['a=1; sy_version=abc; b=2', 'abc'],
    ['a=1;sy_version=abc', 'abc'],
    ['xsy_version=abc', undefined],
    ['a=xsy_version=abc', undefined],
    ['sy_version=', undefined],
    ['sy_version=a%7Cb', 'a|b'],
    ['sy_version=%E0%A4%A', undefined],
  ])('%p → %p', (header, expected) => {
    expect(stickyVersionFrom(header)).toBe(expected);
  });

  it('round-trips and is scoped to the service', () => {
    const cookie = stickyCookie('ver|1', '/s/p/s');
    expect(cookie).toBe('sy_version=ver%7C1; Path=/s/p/s; HttpOnly; SameSite=Lax');
    expect(stickyVersionFrom(cookie.split(';')[0])).toBe('ver|1');
    expect(stickyCookie('v', '')).toContain('Path=/;');
  });
});
