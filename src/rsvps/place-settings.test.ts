import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPlaceSettings, placeSettingsFromForm } from './place-settings.ts';

describe('place settings', () => {
  it('accepts a capacity or none, and an empty question means none', () => {
    assert.deepEqual(checkPlaceSettings({ capacity: 40, mode: 'application', question: '  Why?  ' }), { capacity: 40, mode: 'application', question: 'Why?', open: true });
    assert.deepEqual(checkPlaceSettings({ capacity: null, mode: 'first_come', question: ' ', open: false }), { capacity: null, mode: 'first_come', question: null, open: false });
  });

  it('names the field that is wrong', () => {
    assert.throws(() => checkPlaceSettings({ capacity: 0, mode: 'first_come' }), /capacity: must be a whole number from 1/);
    assert.throws(() => checkPlaceSettings({ capacity: 1.5, mode: 'first_come' }), /capacity/);
    assert.throws(() => checkPlaceSettings({ capacity: 1, mode: 'first_come', question: 'x'.repeat(1001) }), /question: must be at most 1000/);
  });

  it('reads the HTML form: empty capacity, unchecked box, unknown mode', () => {
    assert.deepEqual(placeSettingsFromForm({ capacity: '', mode: 'first_come' }), { capacity: null, mode: 'first_come', question: null, open: false });
    assert.deepEqual(placeSettingsFromForm({ capacity: ' 12 ', mode: 'application', question: 'Q', open: '1' }), { capacity: 12, mode: 'application', question: 'Q', open: true });
    assert.throws(() => placeSettingsFromForm({ capacity: 'ten', mode: 'first_come' }), /capacity: must be a whole number/);
    assert.throws(() => placeSettingsFromForm({ capacity: '-3', mode: 'first_come' }), /capacity/);
    assert.throws(() => placeSettingsFromForm({ capacity: '3' }), /mode: choose how places are given/);
  });
});
