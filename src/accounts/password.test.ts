import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('uses scrypt at OWASP parameters with a random salt', async () => {
    const [a, b] = await Promise.all([hashPassword('a long enough password'), hashPassword('a long enough password')]);
    assert.match(a, /^\$scrypt\$ln=17,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    assert.notEqual(a, b);
  });

  it('verifies the right password only', async () => {
    const hash = await hashPassword('tea at three o’clock');
    assert.equal(await verifyPassword('tea at three o’clock', hash), true);
    assert.equal(await verifyPassword('tea at four o’clock', hash), false);
    assert.equal(await verifyPassword('anything', 'not a hash'), false);
  });
});
