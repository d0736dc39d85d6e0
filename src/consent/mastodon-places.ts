/**
 * Where a Mastodon account lives: the server and name of its handle
 * (`kim@museum.social`), and those of its account URI
 * (`https://museum.social/users/kim`) when they differ (an account that
 * moved, a server whose web domain is not its handle's). Its posts'
 * addresses and its profile links are on these.
 */
export function mastodonPlaces(handle: string, accountUri: string | null): Array<{ host: string; name: string }> {
  const places: Array<{ host: string; name: string }> = [];
  const at = handle.lastIndexOf('@');
  if (at > 0) places.push({ host: handle.slice(at + 1), name: handle.slice(0, at) });
  const uri = accountUri ? URL.parse(accountUri) : null;
  const name = uri?.pathname.split('/').filter(Boolean).at(-1)?.replace(/^@/, '');
  if (uri?.host && name) places.push({ host: uri.host, name });
  return places;
}
