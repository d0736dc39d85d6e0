import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 3000 and SQLite under ./data', () => {
    const config = loadConfig({}, '/srv/app');
    assert.equal(config.port, 3000);
    assert.deepEqual(config.database, { kind: 'sqlite', file: '/srv/app/data/musesocial.sqlite' });
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.redisUrl, null);
    assert.equal(config.secureCookies, false);
  });

  it('switches to PostgreSQL for a postgres:// DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' });
  });

  it('names every wrong setting at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', BASE_URL: 'ftp://x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 4);
        assert.match(error.message, /PORT: must be a whole number/);
        assert.match(error.message, /DATABASE_URL: must be a postgres:\/\/ URL/);
        assert.match(error.message, /REDIS_URL/);
        assert.match(error.message, /BASE_URL/);
        return true;
      },
    );
  });

  it('rejects a port out of range and a short secret', () => {
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
    assert.throws(() => loadConfig({ MUSESOCIAL_SECRET: 'short' }), /MUSESOCIAL_SECRET/);
  });

  it('marks cookies secure behind an https BASE_URL and trims its slash', () => {
    const config = loadConfig({ BASE_URL: 'https://chats.example.org/' });
    assert.equal(config.baseUrl, 'https://chats.example.org');
    assert.equal(config.secureCookies, true);
  });

  it('trusts no proxy headers unless told which proxies to trust', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy, '127.0.0.1,10.0.0.0/8');
    assert.throws(() => loadConfig({ TRUST_PROXY: 'everyone' }), /TRUST_PROXY/);
  });

  it('shares public pages for a second unless PAGE_CACHE_SECONDS says otherwise', () => {
    assert.equal(loadConfig({}).pageCacheMs, 1000);
    assert.equal(loadConfig({ PAGE_CACHE_SECONDS: '0' }).pageCacheMs, 0);
    assert.equal(loadConfig({ PAGE_CACHE_SECONDS: '2.5' }).pageCacheMs, 2500);
    assert.throws(() => loadConfig({ PAGE_CACHE_SECONDS: '61' }), /PAGE_CACHE_SECONDS/);
    assert.throws(() => loadConfig({ PAGE_CACHE_SECONDS: 'soon' }), /PAGE_CACHE_SECONDS/);
  });

  it('takes uploads of up to 1 GiB a file unless UPLOAD_MAX_MB says otherwise', () => {
    assert.equal(loadConfig({}).uploadMaxBytes, 1024 ** 3);
    assert.equal(loadConfig({ UPLOAD_MAX_MB: '200' }).uploadMaxBytes, 200 * 1024 ** 2);
    assert.throws(() => loadConfig({ UPLOAD_MAX_MB: '0' }), /UPLOAD_MAX_MB: must be a whole number of MiB, at least 1 \(got "0"\)/);
    assert.throws(() => loadConfig({ UPLOAD_MAX_MB: '1.5' }), /UPLOAD_MAX_MB/);
  });

  it('listens with 8 sockets unless LISTEN_SOCKETS says otherwise', () => {
    assert.equal(loadConfig({}).listenSockets, 8);
    assert.equal(loadConfig({ LISTEN_SOCKETS: '1' }).listenSockets, 1);
    assert.throws(() => loadConfig({ LISTEN_SOCKETS: '0' }), /LISTEN_SOCKETS: must be a whole number from 1 to 64 \(got "0"\)/);
    assert.throws(() => loadConfig({ LISTEN_SOCKETS: 'many' }), /LISTEN_SOCKETS/);
  });
});
