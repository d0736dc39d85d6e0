import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { formValues, parseChatForm, parseLinks, parseQuestions, splitList, type ChatFormValues } from './chat-form.parse.ts';
import { formProblem } from './chat-form.errors.ts';
import { valuesFromChat } from './chat-form.values.ts';
import type { ChatDetails } from '../chats.repository.ts';

const filled = (overrides: Partial<ChatFormValues> = {}): ChatFormValues =>
  ({
    ...formValues({}),
    title: '  Museums and AI ',
    hashtags: '#MuseSocial, museumchat',
    timeZone: 'America/New_York',
    startsAt: '2026-03-10T15:00',
    endsAt: '2026-03-10T16:00',
    kind: 'online',
    status: 'scheduled',
    ...overrides,
  }) as ChatFormValues;

function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return formProblem(error);
  }
  assert.fail('expected an error');
}

describe('chat form parsing', () => {
  it('turns wall-clock times in the chosen zone into instants', () => {
    const input = parseChatForm(filled(), { allowRepeat: true });
    assert.equal(input.title, 'Museums and AI');
    assert.deepEqual(input.hashtags, ['#MuseSocial', 'museumchat']);
    // 10 March: New York is on EDT already (UTC-4); London is still on GMT.
    assert.equal(input.startsAt, '2026-03-10T19:00:00.000Z');
    assert.equal(input.endsAt, '2026-03-10T20:00:00.000Z');
    const london = parseChatForm(filled({ timeZone: 'europe/london' }), { allowRepeat: true });
    assert.equal(london.timeZone, 'Europe/London');
    assert.equal(london.startsAt, '2026-03-10T15:00:00.000Z');
    assert.equal(parseChatForm(filled({ startsAt: '2026-11-03 15:00', endsAt: '2026-11-03 16:00' }), { allowRepeat: true }).startsAt, '2026-11-03T20:00:00.000Z');
    assert.equal(input.venue, null);
    assert.equal(input.recurrence, undefined);
    assert.equal(input.slug, undefined);
  });

  it('reads questions with optional release offsets', () => {
    assert.deepEqual(parseQuestions('+5 Why post?\n\n[20]  Who reads it?\nQ3: What next?\nPlain one'), [
      { text: 'Why post?', offsetMinutes: 5 },
      { text: 'Who reads it?', offsetMinutes: 20 },
      { text: 'What next?' },
      { text: 'Plain one' },
    ]);
    assert.throws(() => parseQuestions('ok\n+10'), /questions\[1\]\.text: has a release time but no question/);
  });

  it('reads links, hosts and hashtags', () => {
    assert.deepEqual(parseLinks('Archive | https://example.org/a|b\nhttps://example.org'), [
      { label: 'Archive', url: 'https://example.org/a|b' },
      { label: 'https://example.org', url: 'https://example.org' },
    ]);
    assert.deepEqual(splitList('@dana, @sam@museum.social\n  lee'), ['@dana', '@sam@museum.social', 'lee']);
  });

  it('keeps the venue only for in-person and hybrid chats', () => {
    const venue = { venueName: 'Hall A', venueAddress: '1 Main St', venueNotes: '' };
    assert.equal(parseChatForm(filled({ ...venue, kind: 'online' }), { allowRepeat: false }).venue, null);
    assert.deepEqual(parseChatForm(filled({ ...venue, kind: 'hybrid' }), { allowRepeat: false }).venue, { name: 'Hall A', address: '1 Main St' });
    assert.equal(problemOf(() => parseChatForm(filled({ venueAddress: '1 Main St', kind: 'in_person' }), { allowRepeat: false }))?.field, 'venueName');
  });

  it('reads the repeat options only when allowed', () => {
    const values = filled({ repeat: 'monthly', repeatCount: '4', repeatInterval: '1', repeatOrdinal: '2' });
    assert.deepEqual(parseChatForm(values, { allowRepeat: true }).recurrence, { frequency: 'monthly', count: 4, interval: 1, weekdayOrdinal: 2 });
    assert.equal(parseChatForm(values, { allowRepeat: false }).recurrence, undefined);
    assert.deepEqual(parseChatForm(filled({ repeat: 'weekly', repeatCount: '3', repeatInterval: '' }), { allowRepeat: true }).recurrence, { frequency: 'weekly', count: 3 });
    assert.deepEqual(problemOf(() => parseChatForm(filled({ repeat: 'weekly', repeatCount: 'many' }), { allowRepeat: true })), {
      field: 'repeatCount',
      message: 'must be the number of dates, from 2 to 52',
      status: 422,
    });
  });

  it('names the form field for each bad input', () => {
    const cases: Array<[Partial<ChatFormValues>, string, RegExp]> = [
      [{ title: ' ' }, 'title', /is required/],
      [{ hashtags: '' }, 'hashtags', /at least one hashtag/],
      [{ timeZone: '' }, 'timeZone', /choose the time zone/],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', /"Mars\/Olympus" is not an IANA time zone/],
      [{ startsAt: 'tomorrow' }, 'startsAt', /must be a date and time like 2026-03-10T15:00/],
      [{ endsAt: '' }, 'endsAt', /is required/],
      [{ kind: 'zoom' }, 'kind', /online, in person or hybrid/],
      [{ status: 'cancelled' }, 'status', /draft, scheduled, live or ended/],
    ];
    for (const [overrides, field, message] of cases) {
      const problem = problemOf(() => parseChatForm(filled(overrides), { allowRepeat: true }));
      assert.equal(problem?.field, field, JSON.stringify(overrides));
      assert.match(problem?.message ?? '', message);
    }
  });

  it('points API field names at form controls, saying which line is wrong', () => {
    const err = (field: string, message: string, code: 'validation_failed' | 'conflict' = 'validation_failed') => new AppError(code, `${field}: ${message}`, field);
    assert.deepEqual(formProblem(err('questions[2].text', 'must not have more than 500 characters')), {
      field: 'questions',
      message: 'Question 3: must not have more than 500 characters',
      status: 422,
    });
    assert.equal(formProblem(err('venue', 'is required for hybrid chats'))?.field, 'venueName');
    assert.equal(formProblem(err('recurrence.weekdayOrdinal', 'x'))?.field, 'repeatOrdinal');
    assert.deepEqual(formProblem(err('slug', '"x" is already used', 'conflict')), { field: 'slug', message: '"x" is already used', status: 409 });
    assert.equal(formProblem(new AppError('forbidden', 'no')), null, 'not an input problem: the error page handles it');
  });

  it('writes a chat back into values that parse to the same chat', () => {
    const chat = {
      title: 'Hybrid night',
      slug: 'hybrid-night-2026-03-10',
      hashtags: [{ tag: 'musesocial', display: 'MuseSocial' }],
      timeZone: 'America/New_York',
      startsAt: Date.UTC(2026, 2, 10, 19),
      endsAt: Date.UTC(2026, 2, 10, 20, 30),
      kind: 'hybrid',
      venueName: 'Hall A',
      venueAddress: null,
      venueNotes: 'Side door',
      background: 'Hi',
      hosts: [
        { handle: 'dana', userId: 1 },
        { handle: '@sam@museum.social', userId: null },
      ],
      questions: [
        { number: 1, text: 'Why?', offsetMinutes: 10, releasedAt: null, postId: null },
        { number: 2, text: 'How?', offsetMinutes: null, releasedAt: null, postId: null },
      ],
      links: [{ label: 'Archive', url: 'https://example.org' }],
      status: 'scheduled',
    } as unknown as ChatDetails;
    const values = valuesFromChat(chat);
    assert.equal(values.startsAt, '2026-03-10T15:00');
    assert.equal(values.endsAt, '2026-03-10T16:30');
    const input = parseChatForm(values, { allowRepeat: false });
    assert.equal(input.startsAt, '2026-03-10T19:00:00.000Z');
    assert.deepEqual(input.hashtags, ['#MuseSocial']);
    assert.deepEqual(input.hosts, ['@dana', '@sam@museum.social']);
    assert.deepEqual(input.questions, [{ text: 'Why?', offsetMinutes: 10 }, { text: 'How?' }]);
    assert.deepEqual(input.venue, { name: 'Hall A', notes: 'Side door' });
    assert.deepEqual(input.links, chat.links);
  });
});
