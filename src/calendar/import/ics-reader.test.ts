import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { readCalendar } from './ics-reader.ts';

const calendar = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];
const imported = (plan: ReturnType<typeof readCalendar>[number]) => {
  assert.equal(plan.decision.kind, 'import', JSON.stringify(plan.decision));
  const { times } = plan.decision as Extract<typeof plan.decision, { kind: 'import' }>;
  return { key: plan.key, startsAt: new Date(times.startsAt).toISOString(), endsAt: new Date(times.endsAt).toISOString(), timeZone: times.timeZone };
};

describe('readCalendar', () => {
  it('imports a lone changed occurrence (an invitation to one date) under UID and RECURRENCE-ID', () => {
    const [plan] = readCalendar(calendar(...event('UID:series@test', 'RECURRENCE-ID;TZID=Europe/Paris:20270105T180000', 'DTSTART;TZID=Europe/Paris:20270105T190000', 'DTEND;TZID=Europe/Paris:20270105T200000', 'SUMMARY:Moved')), 'file');
    assert.deepEqual(imported(plan!), { key: 'series@test#20270105T170000Z', startsAt: '2027-01-05T18:00:00.000Z', endsAt: '2027-01-05T19:00:00.000Z', timeZone: 'Europe/Paris' });
    assert.deepEqual(plan!.notes, ['a single changed occurrence of a recurring event']);
  });

  it('starts a series at its next date when an EXDATE removes DTSTART', () => {
    const [plan] = readCalendar(
      calendar(...event('UID:weekly@test', 'DTSTART;TZID=America/New_York:20270302T150000', 'DTEND;TZID=America/New_York:20270302T160000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=America/New_York:20270302T150000', 'SUMMARY:Weekly')),
      'file',
    );
    // 9 March 2027 15:00: still EST (-5) → 20:00Z; the next week (16 March) would be EDT.
    assert.deepEqual(imported(plan!), { key: 'weekly@test', startsAt: '2027-03-09T20:00:00.000Z', endsAt: '2027-03-09T21:00:00.000Z', timeZone: 'America/New_York' });
  });

  it('reads DURATION days as calendar days in the event’s zone, and refuses chats over 72 hours', () => {
    const [day, long] = readCalendar(
      calendar(
        ...event('UID:a@test', 'DTSTART;TZID=Europe/London:20270327T120000', 'DURATION:P1D', 'SUMMARY:Across the spring change'),
        ...event('UID:b@test', 'DTSTART:20270101T000000Z', 'DURATION:P4D', 'SUMMARY:Too long'),
      ),
      'file',
    );
    // 27 March 12:00 GMT to 28 March 12:00 BST is 23 hours.
    assert.deepEqual(imported(day!), { key: 'a@test', startsAt: '2027-03-27T12:00:00.000Z', endsAt: '2027-03-28T11:00:00.000Z', timeZone: 'Europe/London' });
    assert.deepEqual(long!.decision, { kind: 'rejected', reason: 'lasts more than 72 hours; a chat may last at most 72 hours', line: 12 });
  });

  it('rejects an event whose zone nobody knows, naming the line', () => {
    const [plan] = readCalendar(calendar(...event('UID:z@test', 'DTSTART;TZID=Atlantis Standard Time:20270101T100000', 'SUMMARY:Where?')), 'file');
    assert.equal(plan!.decision.kind, 'rejected');
    assert.match((plan!.decision as { reason: string }).reason, /^DTSTART: unknown time zone "Atlantis Standard Time"/);
    assert.equal((plan!.decision as { line: number }).line, 5);
  });

  it('refuses more events than one import may hold', () => {
    const many = Array.from({ length: 501 }, (_, i) => event(`UID:${i}@test`, 'DTSTART:20270101T100000Z', 'SUMMARY:x')).flat();
    assert.throws(() => readCalendar(calendar(...many), 'file'), (error: unknown) => error instanceof AppError && /has 501 events; import at most 500/.test(error.message));
  });
});
