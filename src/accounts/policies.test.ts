import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Role, User } from '../db/schema.ts';
import { policies, type ChatAccess } from './policies.ts';

const user = (id: number, role: Role, banned = false): User => ({
  id,
  role,
  handle: `u${id}`,
  displayName: `U${id}`,
  email: null,
  passwordHash: '',
  timeZone: null,
  bio: '',
  createdAt: 0,
  updatedAt: 0,
  bannedAt: banned ? 1 : null,
});

const chat = (status: 'draft' | 'scheduled', organizerId = 1, hostUserIds: number[] = [2]): ChatAccess => ({ chat: { organizerId, status }, hostUserIds });

describe('policies', () => {
  it('lets organizers and admins create chats, nobody else', () => {
    assert.equal(policies.createChat(null), false);
    assert.equal(policies.createChat(user(1, 'member')), false);
    assert.equal(policies.createChat(user(1, 'moderator')), false);
    assert.equal(policies.createChat(user(1, 'organizer')), true);
    assert.equal(policies.createChat(user(1, 'admin')), true);
    assert.equal(policies.createChat(user(1, 'organizer', true)), false, 'banned');
  });

  it('lets the organizer, the chat’s hosts and admins edit; not other organizers', () => {
    const access = chat('scheduled');
    assert.equal(policies.editChat(user(1, 'organizer'), access), true, 'own chat');
    assert.equal(policies.editChat(user(2, 'member'), access), true, 'host');
    assert.equal(policies.editChat(user(3, 'organizer'), access), false, 'another organizer');
    assert.equal(policies.editChat(user(4, 'moderator'), access), false, 'moderator');
    assert.equal(policies.editChat(user(5, 'admin'), access), true, 'admin');
    assert.equal(policies.editChat(null, access), false, 'anonymous');
  });

  it('hides drafts from everyone who cannot edit them', () => {
    assert.equal(policies.viewChat(null, chat('draft')), false);
    assert.equal(policies.viewChat(user(3, 'member'), chat('draft')), false);
    assert.equal(policies.viewChat(user(1, 'organizer'), chat('draft')), true);
    assert.equal(policies.viewChat(null, chat('scheduled')), true);
  });

  it('lets active members post in published chats', () => {
    assert.equal(policies.postInChat(null, chat('scheduled')), false);
    assert.equal(policies.postInChat(user(3, 'member'), chat('scheduled')), true);
    assert.equal(policies.postInChat(user(3, 'member', true), chat('scheduled')), false);
    assert.equal(policies.postInChat(user(1, 'organizer'), chat('draft')), false);
  });

  it('lets active accounts delete their own posts; a banned one asks for removal instead', () => {
    assert.equal(policies.deleteOwnPost(null), false);
    assert.equal(policies.deleteOwnPost(user(5, 'member')), true);
    assert.equal(policies.deleteOwnPost(user(5, 'member', true)), false, 'banned');
    assert.equal(policies.requestConsent(user(5, 'member', true), { id: 5 }), true, 'but may still ask for removal');
  });

  it('lets moderators, admins and the chat’s hosts moderate', () => {
    const access = chat('scheduled');
    assert.equal(policies.moderateChat(user(2, 'member'), access), true, 'host');
    assert.equal(policies.moderateChat(user(3, 'moderator'), access), true);
    assert.equal(policies.moderateChat(user(3, 'member'), access), false);
    assert.equal(policies.moderateChat(user(1, 'organizer'), access), false, 'organizer who is not a host');
  });
});
