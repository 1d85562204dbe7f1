import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locateMethodLine } from '../../../client/src/panel/method-line';

const lines = [
  'class A(ProcessorBase):',
  '    def save_data(self):',
  '        return',
  '',
  'class B(ProcessorBase):',
  '    async def save_data(self, rows):',
  '        pass',
  '    def save_data_later(self):',
  '        pass',
];

describe('locateMethodLine', () => {
  test('expected line still holds the method', () => {
    assert.equal(locateMethodLine(lines, 1, 'save_data'), 1);
    assert.equal(locateMethodLine(lines, 5, 'save_data'), 5);
  });

  test('moved method is found nearby', () => {
    assert.equal(locateMethodLine(lines, 3, 'save_data'), 1);
    assert.equal(locateMethodLine(lines, 4, 'save_data'), 5);
  });

  test('other names do not match', () => {
    assert.equal(locateMethodLine(lines, 7, 'save_data'), 5);
    assert.equal(locateMethodLine(lines, 7, 'load_data'), null);
  });

  test('regex characters in the name are ignored', () => {
    assert.equal(locateMethodLine(lines, 1, 'save.*'), null);
  });
});
