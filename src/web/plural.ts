/**
 * A count with its noun: "1 post", "2 posts", "1,024 records", and with an
 * irregular plural, "1 reply", "3 replies". The one helper for every page,
 * export and command, so counts read the same everywhere.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
