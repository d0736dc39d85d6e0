import crypto from 'node:crypto';

/** A random secret for a cookie or API token, and the SHA-256 we store instead of it. */
export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = prefix + crypto.randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}
