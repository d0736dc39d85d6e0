import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arrangeAttendees } from './attendee-list.ts';
import { attendeesCsv } from './attendees.csv.ts';
import type { RsvpView } from './rsvps.repository.ts';
import type { RsvpStatus } from './rsvps.tables.ts';

let nextId = 1;
function row(handle: string, status: RsvpStatus, createdAt: number, extra: Partial<RsvpView> = {}): RsvpView {
  return {
    id: nextId++,
    chatId: 1,
    userId: nextId,
    handle,
    displayName: handle.toUpperCase(),
    status,
    answer: null,
    waitlistedAt: status === 'waitlisted' ? createdAt : null,
    decidedBy: null,
    decidedByHandle: null,
    decidedAt: null,
    createdAt,
    updatedAt: createdAt,
    ...extra,
  };
}

describe('attendee list', () => {
  it('lists who is coming first and numbers the waitlist in the order people joined it', () => {
    const list = arrangeAttendees([
      row('late_waiter', 'waitlisted', 300),
      row('gone', 'cancelled', 50),
      row('online', 'going', 10),
      row('early_waiter', 'waitlisted', 200, { createdAt: 5 }),
      row('holder', 'confirmed', 100),
      row('applicant', 'applied', 20),
    ]);
    assert.deepEqual(
      list.map((a) => [a.handle, a.waitlistPosition, a.attendance]),
      [
        ['holder', null, 'in_person'],
        ['applicant', null, 'in_person'],
        ['early_waiter', 1, 'in_person'],
        ['late_waiter', 2, 'in_person'],
        ['online', null, 'online'],
        ['gone', null, null],
      ],
    );
  });

  it('exports CSV with a header, and defuses cells a spreadsheet would run as formulas', () => {
    const csv = attendeesCsv(
      arrangeAttendees([
        row('dana', 'confirmed', Date.UTC(2026, 2, 3, 20), { displayName: '=HYPERLINK("http://evil.example","click")', answer: '+1 from the Met, "quoted"' }),
        row('sam', 'waitlisted', Date.UTC(2026, 2, 3, 21), { displayName: '@sam', answer: '-5 degrees' }),
      ]),
    );
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(lines[0], 'handle,display_name,status,status_label,attendance,waitlist_position,answer,created_at,updated_at,decided_by,decided_at');
    assert.equal(lines[1], `dana,"'=HYPERLINK(""http://evil.example"",""click"")",confirmed,Has a place,in_person,,"'+1 from the Met, ""quoted""",2026-03-03T20:00:00.000Z,2026-03-03T20:00:00.000Z,,`);
    assert.equal(lines[2], `sam,'@sam,waitlisted,Waitlisted,in_person,1,'-5 degrees,2026-03-03T21:00:00.000Z,2026-03-03T21:00:00.000Z,,`);
  });
});
