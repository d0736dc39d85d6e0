import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { nulField } from './nul-characters.ts';

describe('finding a NUL character in request fields', () => {
  it('names the field, however deep, and passes clean fields', () => {
    assert.equal(nulField({ text: 'fine', questions: [{ text: 'ok' }, { text: 'b\u0000d' }] }), 'questions[1].text');
    assert.equal(nulField('a\u0000'), '');
    assert.equal(nulField({ text: 'fine', n: 3, flag: true, none: null }), null);
  });

  it('never walks bytes or streams (an upload), and stops at an object that refers back to itself', () => {
    const fields: Record<string, unknown> = { format: 'tags', file: Buffer.from([0, 0, 0]), stream: Readable.from(['\u0000']) };
    fields.self = fields;
    assert.equal(nulField(fields), null);
    assert.equal(nulField({ deep: JSON.parse(`${'['.repeat(5000)}"x\\u0000"${']'.repeat(5000)}`) }), `deep${'[0]'.repeat(5000)}`);
  });
});
