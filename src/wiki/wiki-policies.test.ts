import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Role, User } from '../db/schema.ts';
import { policies } from '../accounts/policies.ts';

const user = (role: Role, banned = false): User => ({
  id: 1,
  role,
  handle: 'u1',
  displayName: 'U1',
  email: null,
  passwordHash: '',
  timeZone: null,
  bio: '',
  createdAt: 0,
  updatedAt: 0,
  bannedAt: banned ? 1 : null,
});

const open = { protected: 0 };
const locked = { protected: 1 };

describe('wiki policies', () => {
  it('lets every active member write unprotected pages, and nobody anonymous or banned', () => {
    for (const role of ['member', 'organizer', 'moderator', 'admin'] as const) {
      assert.equal(policies.createWikiPage(user(role)), true, role);
      assert.equal(policies.editWikiPage(user(role), open), true, role);
    }
    assert.equal(policies.createWikiPage(null), false);
    assert.equal(policies.editWikiPage(null, open), false);
    assert.equal(policies.createWikiPage(user('member', true)), false);
    assert.equal(policies.editWikiPage(user('admin', true), open), false);
  });

  it('keeps protected pages and protection itself to organizers, moderators and admins', () => {
    assert.equal(policies.editWikiPage(user('member'), locked), false);
    assert.equal(policies.protectWikiPage(user('member')), false);
    assert.equal(policies.protectWikiPage(null), false);
    for (const role of ['organizer', 'moderator', 'admin'] as const) {
      assert.equal(policies.editWikiPage(user(role), locked), true, role);
      assert.equal(policies.protectWikiPage(user(role)), true, role);
      assert.equal(policies.protectWikiPage(user(role, true)), false, `banned ${role}`);
    }
  });
});
