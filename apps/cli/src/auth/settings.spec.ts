import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliError } from '../errors';
import { configFilePath, readConfigFile, writeConfigFile } from './config-file';
import { mergeSettings, requireToken } from './settings';

describe('settings: env wins over the config file', () => {
  const stored = { api_url: 'https://stored.example', token: 'sy_stored', project: 'shop' };

  it('env first, then the file, then the defaults', () => {
    expect(
      mergeSettings(
        { SWITCHYARD_API_URL: 'http://env:8080/', SWITCHYARD_TOKEN: 'sy_env' },
        stored,
        'f',
      ),
    ).toEqual({
      apiUrl: 'http://env:8080',
      token: 'sy_env',
      project: 'shop',
      configFile: 'f',
    });
    expect(mergeSettings({ SWITCHYARD_TOKEN: '' }, stored, 'f')).toEqual(
      expect.objectContaining({ apiUrl: 'https://stored.example', token: 'sy_stored' }),
    );
    expect(mergeSettings({}, {}, 'f')).toEqual({
      apiUrl: 'http://127.0.0.1:8080',
      token: undefined,
      project: 'default',
      configFile: 'f',
    });
  });

  it('no token anywhere: exit 3 saying how to get one; a bad URL: exit 2', () => {
    expect(() => requireToken(mergeSettings({}, {}, 'f'))).toThrow(
      expect.objectContaining({ kind: 'unauthenticated' }),
    );
    expect(() => mergeSettings({ SWITCHYARD_API_URL: 'not a url' }, {}, 'f')).toThrow(CliError);
    expect(() => mergeSettings({ SWITCHYARD_API_URL: 'ftp://x' }, {}, 'f')).toThrow(/http/);
  });

  it('the config file lives under $XDG_CONFIG_HOME (absolute only), else ~/.config', () => {
    expect(configFilePath({ XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toBe(
      '/xdg/switchyard/config.json',
    );
    expect(configFilePath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.config/switchyard/config.json',
    );
    expect(configFilePath({}, '/home/u')).toBe('/home/u/.config/switchyard/config.json');
  });

  it('written 0600 whatever the umask, read back; a missing file is empty, a broken one is exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-settings-'));
    const file = path.join(dir, 'switchyard', 'config.json');
    expect(readConfigFile(file)).toEqual({});
    const umask = process.umask(0o000);
    try {
      writeConfigFile(file, stored);
    } finally {
      process.umask(umask);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readConfigFile(file)).toEqual(stored);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(stored);
    writeFileSync(file, '{ nope');
    expect(() => readConfigFile(file)).toThrow(expect.objectContaining({ kind: 'usage' }));
    rmSync(dir, { recursive: true, force: true });
  });
});
