import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Role, User } from '../db/schema.ts';
import { policies, type ChatAccess, type StoryAccess } from './policies.ts';

const user = (id: number, role: Role, banned = false): User => ({
  id, role, handle: `u${id}`, displayName: `U${id}`, email: null, passwordHash: '', timeZone: null, bio: '', createdAt: 0, updatedAt: 0, bannedAt: banned ? 1 : null,
});
const chat = (organizerId: number | null, status: 'draft' | 'ended' = 'ended'): ChatAccess => ({ chat: { organizerId, status }, hostUserIds: [9] });
// Organizer 1, co-curator 2; 9 hosts the chat but was not invited.
const story = (status: 'draft' | 'published', chatsPublic = true): StoryAccess => ({ status, organizerIds: [1], curatorIds: [2], chatsPublic });

describe('story policies', () => {
  it('lets admins and the organizer of every chat start a story', () => {
    assert.equal(policies.createStory(user(1, 'organizer'), [chat(1)]), true);
    assert.equal(policies.createStory(user(1, 'organizer'), [chat(1), chat(3)]), false, 'one chat is someone else’s');
    assert.equal(policies.createStory(user(3, 'organizer'), [chat(1)]), false, 'another organizer');
    assert.equal(policies.createStory(user(9, 'member'), [chat(1)]), false, 'a host');
    assert.equal(policies.createStory(user(4, 'moderator'), [chat(1)]), false);
    assert.equal(policies.createStory(user(5, 'admin'), [chat(null)]), true);
    assert.equal(policies.createStory(user(1, 'organizer', true), [chat(1)]), false, 'banned');
    assert.equal(policies.createStory(user(5, 'admin'), []), false, 'no chat');
    assert.equal(policies.createStory(null, [chat(1)]), false);
  });

  it('lets the organizer, co-curators and admins edit; nobody else', () => {
    const s = story('draft');
    assert.equal(policies.editStory(user(1, 'organizer'), s), true);
    assert.equal(policies.editStory(user(2, 'member'), s), true, 'co-curator');
    assert.equal(policies.editStory(user(5, 'admin'), s), true);
    assert.equal(policies.editStory(user(3, 'organizer'), s), false);
    assert.equal(policies.editStory(user(4, 'moderator'), s), false);
    assert.equal(policies.editStory(user(9, 'member'), s), false, 'uninvited host');
    assert.equal(policies.editStory(user(2, 'member', true), s), false, 'banned co-curator');
    assert.equal(policies.editStory(null, s), false);
  });

  it('keeps inviting and deleting to the organizer and admins', () => {
    const s = story('published');
    assert.equal(policies.manageStory(user(1, 'organizer'), s), true);
    assert.equal(policies.manageStory(user(5, 'admin'), s), true);
    assert.equal(policies.manageStory(user(2, 'member'), s), false, 'co-curator');
    assert.equal(policies.manageStory(user(1, 'organizer', true), s), false, 'banned');
  });

  it('shows drafts only to curators, published stories to everyone unless a chat is a draft', () => {
    assert.equal(policies.viewStory(null, story('published')), true);
    assert.equal(policies.viewStory(null, story('draft')), false);
    assert.equal(policies.viewStory(user(3, 'member'), story('draft')), false);
    assert.equal(policies.viewStory(user(2, 'member'), story('draft')), true);
    assert.equal(policies.viewStory(null, story('published', false)), false, 'chat still a draft');
    assert.equal(policies.viewStory(user(1, 'organizer'), story('published', false)), true);
  });
});
