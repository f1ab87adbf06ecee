import { fields, table } from './table';

describe('plain tables', () => {
  it('aligns columns two spaces apart, without trailing spaces', () => {
    expect(
      table(
        ['NAME', 'STATE', 'NOTE'],
        [
          ['web', 'RUNNING', ''],
          ['checkout-api', 'ROLLING_OUT', 'canary 25%'],
        ],
      ),
    ).toBe(
      'NAME          STATE        NOTE\nweb           RUNNING\ncheckout-api  ROLLING_OUT  canary 25%\n',
    );
  });

  it('aligns key/value pairs', () => {
    expect(
      fields([
        ['state', 'RUNNING'],
        ['query auth', 'on'],
      ]),
    ).toBe('state       RUNNING\nquery auth  on\n');
  });
});
