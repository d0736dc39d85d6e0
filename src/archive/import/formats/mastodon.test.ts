import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bySourceId, fixtureText, iso, kindsOf, parseFile, postsOf } from './testing/fixture-files.ts';
import { mastodon, mastodonLines } from './mastodon.ts';

// Values below were read off ../shared/fixtures/mastodon by hand (recorded from fosstodon.org and mastodon.social).
const rest = (name: string) => parseFile(mastodon, fixtureText(`mastodon/rest-api/${name}`));
const restJson = (name: string) => JSON.parse(fixtureText(`mastodon/rest-api/${name}`));

describe('mastodon: the same hashtag timeline asked of two servers', () => {
  const fromFosstodon = postsOf(rest('get_timeline_hashtag_default.json'));
  const fromMastodonSocial = postsOf(rest('get_timeline_hashtag_instance.json'));

  it('names each post by its uri, which both servers agree on (their ids differ)', () => {
    // Simon P. Couch's post: id 114870142263126875 on fosstodon.org, 114870142396314555 on rstats.me's peer; same uri.
    assert.notEqual(restJson('get_timeline_hashtag_default.json')[0].id, restJson('get_timeline_hashtag_instance.json')[0].id);
    assert.deepEqual(fromFosstodon.map((p) => p.sourceId), fromMastodonSocial.map((p) => p.sourceId));
    assert.equal(fromFosstodon[0]!.sourceId, 'https://rstats.me/users/simonpcouch/statuses/114870142137562212');
    assert.equal(fromFosstodon[0]!.sourceUrl, 'https://rstats.me/@simonpcouch/114870142137562212');
  });

  it('gives every handle its server, whichever server answered', () => {
    // acct "useR_conf@mastodon.social" from fosstodon.org, bare "useR_conf" from mastodon.social itself.
    assert.equal(restJson('get_timeline_hashtag_instance.json')[1].account.acct, 'useR_conf');
    assert.equal(bySourceId(fromFosstodon, 'https://mastodon.social/users/useR_conf/statuses/114869631572884594').author.handle, 'useR_conf@mastodon.social');
    assert.equal(bySourceId(fromMastodonSocial, 'https://mastodon.social/users/useR_conf/statuses/114869631572884594').author.handle, 'useR_conf@mastodon.social');
    // Mentions the same way: "schochastics" (fosstodon's own account) vs "schochastics@fosstodon.org".
    const donnagen = 'https://corteximplant.com/users/donnagen/statuses/114869166140148790';
    assert.deepEqual(bySourceId(fromFosstodon, donnagen).mentions, ['schochastics@fosstodon.org']);
    assert.deepEqual(bySourceId(fromMastodonSocial, donnagen).mentions, ['schochastics@fosstodon.org']);
  });

  it('turns the HTML into text with whole links, tags and mentions as written', () => {
    // content: "…helpful: <a href=…><span class="invisible">https://www.</span><span class="ellipsis">simonpcouch.com/blog/2025-07-1</span>…"
    const simon = fromFosstodon[0]!;
    assert.equal(simon.text, 'After a month or so of not using Claude Code much to write R code, I recently returned to using the tool most days. Giving coding assistants the ability to peruse #rstats package documentation via MCP is so, so helpful: https://www.simonpcouch.com/blog/2025-07-17-claude-code-2/');
    assert.deepEqual(simon.urls, ['https://www.simonpcouch.com/blog/2025-07-17-claude-code-2/']);
    assert.equal(simon.author.displayName, 'Simon P. Couch');
    assert.equal(simon.author.followersCount, 656);
    assert.deepEqual(simon.counts, { likes: 1, boosts: 0, replies: 0 });
    assert.equal(iso(simon.createdAt), '2025-07-17T19:07:48.000Z');
    // <p>…<br>…</p><p>…</p>: line breaks and paragraphs.
    const useR = bySourceId(fromFosstodon, 'https://mastodon.social/users/useR_conf/statuses/114869631572884594');
    assert.ok(useR.text.startsWith('The conference is almost sold out so make sure to get a ticket. Less than 50 left!\nJoin this gathering'));
    assert.ok(useR.text.endsWith('Register for in-person and virtual events:\nhttps://user2025.r-project.org/register\n\n#useR2025 #RStats'));
    assert.deepEqual(useR.hashtags, ['user2025', 'rstats']);
  });

  it('keeps a bridged Bluesky post readable, its link label next to the address', () => {
    const bridged = fromFosstodon[4]!;
    assert.equal(bridged.author.handle, 'pp0196.bsky.social@bsky.brid.gy');
    assert.equal(bridged.text, '#rstats #FunctionalProgramming https://github.com/mailund/tailr\n\nGitHub - mailund/tailr: Automa... (https://github.com/mailund/tailr)');
    assert.deepEqual(bridged.hashtags, ['rstats', 'functionalprogramming']);
    assert.equal(iso(bridged.createdAt), '2025-07-17T14:53:54.917Z');
  });
});

describe('mastodon: threads', () => {
  it('links replies by uri: inside the document, and to the answering server’s own accounts outside it', () => {
    // get_context_with_token.json: descendants of 114026814291152535 (by fosstodon's own schochastics, not in this file).
    const posts = postsOf(rest('get_context_with_token.json'));
    assert.equal(posts.length, 3);
    assert.equal(bySourceId(posts, 'https://fosstodon.org/users/erc_bk/statuses/114027213608365869').replyToSourceId, 'https://fosstodon.org/users/schochastics/statuses/114026814291152535');
    // 114058233338164636 answers 114055560713759881, the second descendant.
    const nested = bySourceId(posts, 'https://fosstodon.org/users/MickaelCanouil/statuses/114058233338164636');
    assert.equal(nested.kind, 'reply');
    assert.equal(nested.replyToSourceId, 'https://fosstodon.org/users/MickaelCanouil/statuses/114055560713759881');
    assert.deepEqual(nested.hashtags, ['vscode', 'positronide', 'vscodium']);
    // The parent the replies point at is the ancestor in get_context_with_ancesters.json.
    assert.deepEqual(postsOf(rest('get_context_with_ancesters.json')).map((p) => p.sourceId), ['https://fosstodon.org/users/schochastics/statuses/114026814291152535']);
  });

  it('leaves a reply to a post on another server as a reply without a known parent', () => {
    const posts = postsOf(rest('get_timeline_public_instance.json'));
    assert.equal(posts.length, 20);
    // Deglassco (mastodon.social's own) answers herself: in_reply_to_id 114870358786845464.
    assert.equal(bySourceId(posts, 'https://mastodon.social/users/Deglassco/statuses/114870361818376588').replyToSourceId, 'https://mastodon.social/users/Deglassco/statuses/114870358786845464');
    // nobonzo@kolektiva.social answers himself too, but 114870286492775973 is mastodon.social's id for a kolektiva post.
    const remote = bySourceId(posts, 'https://kolektiva.social/users/nobonzo/statuses/114870361401111213');
    assert.equal(remote.kind, 'reply');
    assert.equal(remote.replyToSourceId, null);
  });
});

describe('mastodon: single statuses and account timelines', () => {
  it('get_status_default / _instance: one post, entities decoded', () => {
    const [post] = postsOf(rest('get_status_default.json'));
    assert.equal(post!.sourceId, 'https://fosstodon.org/users/schochastics/statuses/114620457512351116');
    assert.equal(post!.author.handle, 'schochastics@fosstodon.org');
    assert.equal(post!.author.displayName, 'David Schoch');
    assert.deepEqual(post!.mentions, ['maelle@mastodon.social']);
    assert.deepEqual(post!.counts, { likes: 12, boosts: 5, replies: 1 });
    assert.ok(post!.text.endsWith('https://r-consortium.org/posts/r-consortium-awards-first-round-of-2025-isc-grants/#bridging-worlds-enhancing-r-igraph-with-c-core-innovations #rstats cc @maelle'));
    assert.equal(postsOf(rest('get_status_instance.json'))[0]!.sourceId, post!.sourceId);
  });

  it('get_account_statuses_default: 20 posts, unlisted ones included, tag case folded', () => {
    const posts = postsOf(rest('get_account_statuses_default.json'));
    assert.equal(posts.length, 20);
    assert.ok(posts.every((p) => p.author.handle === 'schochastics@fosstodon.org'));
    // [0] is unlisted: "…familiar with &quot;domain law&quot; but…".
    assert.equal(posts[0]!.text, '@petejones I am not too familiar with "domain law" but I assume that chances are extremely low that this might become an issue.');
    // [5] tags [{name: "QuartoPub"}, {name: "rstats"}].
    assert.deepEqual(posts[5]!.hashtags, ['quartopub', 'rstats']);
    // [12] answers larry77, an account of fosstodon.org (acct without a server).
    assert.equal(bySourceId(posts, 'https://fosstodon.org/users/schochastics/statuses/113403709281840522').replyToSourceId, 'https://fosstodon.org/users/larry77/statuses/113397616165137691');
  });

  it('public timeline: a blank display name falls back to the user name', () => {
    // [18] cybertrapped: "display_name": "".
    const post = bySourceId(postsOf(rest('get_timeline_public_instance.json')), 'https://mastodon.social/users/cybertrapped/statuses/114870361509088779');
    assert.equal(post.author.displayName, 'cybertrapped');
    assert.equal(post.hashtags.length, 11);
  });
});

describe('mastodon: streaming captures', () => {
  it('websocket envelopes, one per line: update imported, delete and filters_changed skipped', () => {
    const results = parseFile(mastodonLines, fixtureText('mastodon/streaming/websocket_examples_from_docs.jsonl'));
    assert.deepEqual(kindsOf(results), { posts: 1, skip: 2 });
    const [post] = postsOf(results);
    assert.equal(post!.author.handle, 'tobtobxx@fosstodon.org');
    assert.equal(post!.text, "And now I can't exit the inner nvim because I mapped escape to the parent vim instance 😂");
    assert.equal(post!.kind, 'reply');
  });

  it('server-sent events: every update and status.update payload is a status', () => {
    // Framed by hand: "event: NAME" followed by "data: PAYLOAD".
    const events = [...fixtureText('mastodon/streaming/sse_examples_from_docs.txt').matchAll(/^event: (\S+)\ndata: (.*)$/gm)].map((m) => ({ event: m[1]!, payload: m[2]! }));
    const statuses = events.filter((e) => e.event === 'update' || e.event === 'status.update');
    // 7 "event: update" and 7 "event: status.update" blocks in the file.
    assert.equal(statuses.length, 14);
    const results = statuses.map((e) => mastodonLines.parseRecord(e));
    assert.deepEqual(kindsOf(results), { posts: 14 });
    // A Pleroma status: uri https://letsalllovela.in/objects/e9cebb0c-…, content without <p>.
    const pleroma = bySourceId(postsOf(results), 'https://letsalllovela.in/objects/e9cebb0c-7c75-414f-9608-20b5628e52d7');
    assert.equal(pleroma.text, '@disarray glad i was able to help');
    assert.equal(pleroma.author.handle, 'freon@letsalllovela.in');
    // Notifications, announcements, conversations are not posts.
    assert.ok(events.filter((e) => !statuses.includes(e)).every((e) => mastodonLines.parseRecord(e).kind === 'skip'));
  });
});

describe('mastodon: boosts and privacy', () => {
  const original = restJson('get_status_default.json');
  const booster = restJson('get_timeline_hashtag_default.json')[0].account;

  it('yields a reblog as the original and a boost with its text', () => {
    const reblog = { ...original, id: '1', uri: 'https://rstats.me/users/simonpcouch/statuses/1/activity', url: null, account: booster, content: '', reblog: original, created_at: '2025-07-18T08:00:00.000Z' };
    const result = mastodon.parseRecord(reblog);
    assert.equal(result.kind, 'posts');
    const [first, boost] = result.kind === 'posts' ? result.posts : [];
    assert.equal(first!.sourceId, original.uri);
    assert.equal(boost!.kind, 'boost');
    assert.equal(boost!.boostOfSourceId, original.uri);
    assert.equal(boost!.author.handle, 'simonpcouch@rstats.me');
    assert.equal(boost!.text, first!.text);
    assert.deepEqual(boost!.counts, { likes: 0, boosts: 0, replies: 0 });
  });

  it('does not import followers-only posts or direct messages', () => {
    assert.equal(mastodon.parseRecord({ ...original, visibility: 'private' }).kind, 'skip');
    assert.equal(mastodon.parseRecord({ ...original, visibility: 'direct' }).kind, 'skip');
    assert.equal(mastodon.parseRecord({ ...original, visibility: 'unlisted' }).kind, 'posts');
  });

  it('puts a content warning before the text', () => {
    const result = mastodon.parseRecord({ ...original, spoiler_text: 'grant news', content: '<p>We got it</p>' });
    assert.equal(result.kind === 'posts' && result.posts[0]!.text, 'grant news\n\nWe got it');
  });
});
