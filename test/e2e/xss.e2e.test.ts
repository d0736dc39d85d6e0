// Cross-site scripting, in the real browser: the vectors of
// test/support/xss-vectors.ts go in through every field people can write
// (post text, chat title, background, questions, venue and links, wiki page,
// story title, introduction and text items, display names and bio, the place
// question and an RSVP answer, imported Mastodon HTML and display names),
// and every page that shows them is rendered in Chromium
// with a recorder that a vector calls if it ever runs. The CSP is bypassed
// on purpose: it is the second line of defence, and this test is about the
// first one (escaping and sanitizing). A screenshot of the chat page lands
// in test-artifacts/screenshots/xss-chat.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { User } from '../../src/db/schema.ts';
import { createApiToken, signUp } from '../../src/accounts/accounts.service.ts';
import { createPost } from '../../src/posts/posts.service.ts';
import { importIntoChat } from '../../src/archive/import/import.service.ts';
import { updateProfile } from '../../src/accounts/settings.service.ts';
import { buildUser } from '../support/factories.ts';
import { SKIP_WITHOUT_CHROMIUM, startBrowserHarness, type BrowserHarness } from '../support/browser.ts';
import { XSS_VECTORS, allVectors } from '../support/xss-vectors.ts';

const short = XSS_VECTORS.filter((v) => v.payload.length <= 80);

describe('XSS vectors in every user-writable field (Chromium)', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let harness: BrowserHarness;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  let organizer: User;
  let token: string;
  let slug = '';
  let storyId = '';
  let postId = '';
  const authors: User[] = [];

  async function api(method: string, url: string, body?: unknown) {
    const response = await fetch(`${harness.origin}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }

  before(async () => {
    harness = await startBrowserHarness({ demo: false });
    const db = harness.server.database.db;
    organizer = await signUp(db, { handle: 'xss_org', password: 'correct horse battery staple', role: 'organizer', displayName: '<img src=x onerror=window.__xss.push(900)>' });
    token = await createApiToken(db, organizer, 'xss');
    // Display names: one author per short vector (they are at most 80 characters).
    for (const [i, vector] of short.entries()) authors.push(await buildUser(db, { handle: `xss_author_${i}`, displayName: vector.payload }));

    const start = Date.now() - 30 * 60_000;
    const chat = await api('POST', '/api/v1/chats', {
      title: '<script>window.__xss.push(901)</script> "><img src=x onerror=window.__xss.push(902)>',
      hashtags: ['xsschat'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3 * 3600_000).toISOString(),
      timeZone: 'UTC',
      kind: 'hybrid',
      venue: { name: '<svg onload=window.__xss.push(903)>', address: '"><script>window.__xss.push(904)</script>' },
      // The background refuses <script> tags outright (a clear validation error); the rest must render harmlessly.
      background: XSS_VECTORS.filter((v) => !/<\/?script/i.test(v.payload)).map((v) => v.payload).join('\n\n'),
      questions: XSS_VECTORS.slice(0, 5).map((v) => ({ text: v.payload.slice(0, 500) })),
      links: [{ label: '<img src=x onerror=window.__xss.push(905)>', url: 'https://example.org/archive' }],
    });
    slug = chat.slug;

    // Posts: every vector once, by the authors whose names are vectors too (service call: the posting rate limit is not under test here).
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const { post } = await createPost(db, authors[i % authors.length]!, slug, { text: vector.payload.slice(0, 2000) });
      if (!postId) postId = String(post.id);
    }
    await createPost(db, organizer, slug, { text: `A1 ${XSS_VECTORS[0]!.payload}` });

    // Imported Mastodon HTML: the vectors in `content` and in the account's display name.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-xss-'));
    const statuses = XSS_VECTORS.map((vector, i) => ({
      id: String(1000 + i),
      uri: `https://elsewhere.example/users/eve/statuses/${1000 + i}`,
      url: `https://elsewhere.example/@eve/${1000 + i}`,
      created_at: new Date(start + (i + 1) * 60_000).toISOString(),
      content: `<p>${vector.payload} #xsschat</p>`,
      account: { id: '77', acct: 'eve@elsewhere.example', username: 'eve', display_name: vector.payload.slice(0, 60), url: 'https://elsewhere.example/@eve', followers_count: 3 },
      tags: [{ name: 'xsschat' }],
      reblogs_count: 0,
      favourites_count: 0,
      replies_count: 0,
    }));
    const file = path.join(dir, 'mastodon.json');
    fs.writeFileSync(file, JSON.stringify(statuses));
    const report = await importIntoChat(harness.server.database, { via: 'cli' }, slug, { files: [{ path: file, fileName: 'mastodon.json' }], format: 'mastodon' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(report.totals.imported, XSS_VECTORS.length, JSON.stringify(report.totals));

    // A bio, the place question and an RSVP answer (shown to the organizer on the attendee list).
    await updateProfile(db, organizer, { displayName: organizer.displayName, bio: XSS_VECTORS.slice(0, 12).map((v) => v.payload).join(' ').slice(0, 500), timeZone: '' });
    await api('PUT', `/api/v1/chats/${slug}/places`, { capacity: 10, mode: 'application', question: '<img src=x onerror=window.__xss.push(913)> Why?', open: true });
    const answerToken = await createApiToken(db, authors[2]!, 'xss');
    const rsvp = await fetch(`${harness.origin}/api/v1/chats/${slug}/rsvp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${answerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ response: 'place', answer: allVectors(' ').slice(0, 2000) }),
    });
    assert.ok(rsvp.ok, await rsvp.text());

    // Wiki page and story.
    await api('PUT', '/api/v1/wiki/xss-page', { title: '<script>window.__xss.push(907)</script>', body: allVectors(), baseRevision: 0 });
    const story = await api('POST', '/api/v1/stories', { chat: slug, draft: true, title: '"><img src=x onerror=window.__xss.push(908)>', introduction: allVectors() });
    storyId = story.id;
    await api('PATCH', `/api/v1/stories/${storyId}`, {
      status: 'published',
      sections: [...story.sections.map((s: { id: string; heading: string; items: Array<{ id: string }> }) => ({ id: s.id, heading: s.heading, items: s.items.map((item) => ({ id: item.id })) })), { heading: '<img src=x onerror=window.__xss.push(909)>', items: XSS_VECTORS.slice(0, 20).map((v) => ({ text: v.payload })) }],
    });

    // bypassCSP: only escaping and sanitizing stand between a vector and the recorder.
    context = await harness.newContext({ bypassCSP: true });
    await context.addInitScript(() => {
      (window as unknown as { __xss: number[] }).__xss = [];
    });
    page = await harness.newPage(context);
    page.on('dialog', async (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
      await dialog.dismiss().catch(() => {});
    });
  });
  after(() => harness?.close());

  /** Opens `url`, gives event handlers (onerror, onload, autofocus) a moment, and returns what the recorder saw. */
  async function executionsOn(url: string): Promise<number[]> {
    const response = await page.goto(`${harness.origin}${url}`, { waitUntil: 'load' });
    assert.ok(response && response.status() < 400, `${url}: ${response?.status()}`);
    await page.waitForTimeout(150);
    // Hover and focus everything once, for handlers that need a gesture.
    await page.evaluate(() => {
      for (const element of Array.from(document.querySelectorAll('body *')).slice(0, 3000)) {
        element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        element.dispatchEvent(new FocusEvent('focus'));
      }
    });
    return page.evaluate(() => (window as unknown as { __xss: number[] }).__xss);
  }

  const pages = () => [
    '/',
    '/chats',
    `/chats/${slug}`,
    `/chats/${slug}/live`,
    `/chats/${slug}/transcript`,
    `/chats/${slug}/posts/${postId}`,
    `/chats/${slug}/stats`,
    '/wiki/xss-page',
    '/wiki/xss-page/history',
    `/stories/${storyId}`,
    `/stories/${storyId}/embed`,
    `/search?q=${encodeURIComponent('script')}`,
    `/search?q=${encodeURIComponent('"><script>window.__xss.push(910)</script>')}`,
    '/@xss_org',
    `/chats/${slug}/rsvp`,
    '/@xss_author_0',
    '/@xss_author_3',
  ];

  it('has a recorder that sees a vector that does run (the control)', async () => {
    await page.goto(`${harness.origin}/chats`);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src="/nowhere.png" onerror="window.__xss.push(999)">');
    });
    await page.waitForFunction(() => (window as unknown as { __xss: number[] }).__xss.length > 0, null, { timeout: 5000 });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __xss: number[] }).__xss), [999], 'an inline handler runs: the CSP is bypassed and the recorder works');
  });

  it('runs none of them on the public pages that show them', async () => {
    const executed: string[] = [];
    for (const url of pages()) {
      const seen = await executionsOn(url);
      if (seen.length > 0) executed.push(`${url}: vectors ${seen.join(', ')}`);
    }
    await page.goto(`${harness.origin}/chats/${slug}`);
    await harness.screenshot(page, 'xss-chat');
    assert.deepEqual(executed, []);
    assert.deepEqual(dialogs, []);
  });

  it('runs none of them on the pages only their editors see', async () => {
    // Sign in as the organizer (the chat's editor and the story's curator).
    await page.goto(`${harness.origin}/login`);
    await page.getByLabel('Handle').fill('xss_org');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await Promise.all([page.waitForURL(`${harness.origin}/`), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    const executed: string[] = [];
    for (const url of [`/chats/${slug}/edit`, `/chats/${slug}/live`, `/stories/${storyId}/edit`, '/wiki/xss-page/edit', '/settings', `/chats/${slug}/attendees`]) {
      const seen = await executionsOn(url);
      if (seen.length > 0) executed.push(`${url}: vectors ${seen.join(', ')}`);
    }
    assert.deepEqual(executed, []);
    assert.deepEqual(dialogs, []);
  });

  it('runs none of them when they arrive live in the room (the client renders them)', async () => {
    await page.goto(`${harness.origin}/chats/${slug}/live`);
    await page.waitForTimeout(500); // the stream connects
    for (const vector of XSS_VECTORS.slice(0, 12)) await createPost(harness.server.database.db, authors[1]!, slug, { text: vector.payload });
    // Live posts are published after commit by the routes; through the API they reach the open page.
    await api('POST', `/api/v1/chats/${slug}/posts`, { text: '<img src=x onerror=window.__xss.push(911)> <script>window.__xss.push(912)</script>' });
    await page.getByText('window.__xss.push(911)', { exact: false }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(200);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __xss: number[] }).__xss), []);
    assert.deepEqual(dialogs, []);
  });
});
