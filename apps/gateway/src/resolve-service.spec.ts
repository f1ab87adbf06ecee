import { parseServiceAddress, pathnameOf } from './resolve-service';

describe('parseServiceAddress', () => {
  it.each([
    // host, url, expected
    [
      'svc--proj.localhost',
      '/a/b?x=1',
      { form: 'host', slug: 'svc--proj', forwardPath: '/a/b?x=1' },
    ],
    ['svc--proj.localhost:8081', '/', { form: 'host', slug: 'svc--proj', forwardPath: '/' }],
    ['SVC--Proj.LOCALHOST', '/x', { form: 'host', slug: 'svc--proj', forwardPath: '/x' }],
    [
      'svc--proj.localhost',
      '/s/p/s/x',
      { form: 'host', slug: 'svc--proj', forwardPath: '/s/p/s/x' },
    ],
    [
      '127.0.0.1:8081',
      '/s/proj/svc/a/b?x=1',
      {
        form: 'path',
        project: 'proj',
        service: 'svc',
        forwardPath: '/a/b?x=1',
        mountPath: '/s/proj/svc',
      },
    ],
    [
      '127.0.0.1',
      '/s/proj/svc',
      { form: 'path', project: 'proj', service: 'svc', forwardPath: '/', mountPath: '/s/proj/svc' },
    ],
    [
      '127.0.0.1',
      '/s/proj/svc/',
      { form: 'path', project: 'proj', service: 'svc', forwardPath: '/' },
    ],
    [
      '127.0.0.1',
      '/s/proj/svc?q=1',
      {
        form: 'path',
        project: 'proj',
        service: 'svc',
        forwardPath: '/?q=1',
        mountPath: '/s/proj/svc',
      },
    ],
    ['127.0.0.1', '/s/proj', { form: 'path', service: '' }],
    // not a service host: falls back to the path form, or to nothing (operational paths)
    ['a.svc--proj.localhost', '/metrics', { form: 'none' }],
    ['svc-proj.localhost', '/metrics', { form: 'none' }],
    ['svc--proj.example.com', '/x', { form: 'none' }],
    ['[::1]:8081', '/healthz', { form: 'none' }],
    [undefined, '/s/p/s/x', { form: 'path', project: 'p', service: 's', forwardPath: '/x' }],
    ['localhost', '/metrics', { form: 'none' }],
  ])('%s %s', (host, url, expected) => {
    expect(parseServiceAddress(host, url, 'localhost')).toMatchObject(expected);
  });

  it('honours another base domain', () => {
    expect(
      parseServiceAddress('svc--proj.apps.example.com', '/', 'apps.example.com'),
    ).toMatchObject({
      form: 'host',
      slug: 'svc--proj',
    });
  });

  it('takes the pathname off a forward path', () => {
    expect(pathnameOf('/a/b?x=/c')).toBe('/a/b');
    expect(pathnameOf('/a')).toBe('/a');
  });
});
