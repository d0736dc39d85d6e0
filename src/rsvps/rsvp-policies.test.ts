import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatStatus, Role, User } from '../db/schema.ts';
import { policies, type ChatAccess } from '../accounts/policies.ts';

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
const chat = (status: ChatStatus): ChatAccess => ({ chat: { organizerId: 1, status }, hostUserIds: [2] });

describe('RSVP policies', () => {
  it('lets active members RSVP to scheduled and live chats only', () => {
    assert.equal(policies.rsvpToChat(user(9, 'member'), chat('scheduled')), true);
    assert.equal(policies.rsvpToChat(user(9, 'member'), chat('live')), true);
    assert.equal(policies.rsvpToChat(user(9, 'member'), chat('ended')), false);
    assert.equal(policies.rsvpToChat(user(1, 'organizer'), chat('draft')), false);
    assert.equal(policies.rsvpToChat(user(9, 'member', true), chat('scheduled')), false, 'banned');
    assert.equal(policies.rsvpToChat(null, chat('scheduled')), false);
  });

  it('lets the organizer, the chat’s hosts, moderators and admins manage attendees', () => {
    const access = chat('scheduled');
    assert.equal(policies.manageAttendees(user(1, 'organizer'), access), true, 'organizer');
    assert.equal(policies.manageAttendees(user(2, 'member'), access), true, 'host');
    assert.equal(policies.manageAttendees(user(3, 'moderator'), access), true, 'moderator');
    assert.equal(policies.manageAttendees(user(4, 'admin'), access), true, 'admin');
    assert.equal(policies.manageAttendees(user(5, 'organizer'), access), false, 'another organizer');
    assert.equal(policies.manageAttendees(user(6, 'member'), access), false, 'member');
    assert.equal(policies.manageAttendees(user(2, 'member', true), access), false, 'banned host');
    assert.equal(policies.manageAttendees(null, access), false);
  });
});
