// [tool.processor-lens.history] values as smol-toml returns them, and the messages for wrong ones.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'smol-toml';
import { loadHistoryConfig } from '../../../server/src/history/config';
import { HistoryError } from '../../../server/src/history/types';

function rawOf(toml: string): Record<string, unknown> {
  const document = parse(toml) as { tool: { 'processor-lens': Record<string, unknown> } };
  return document.tool['processor-lens'];
}

describe('history config from pyproject.toml', () => {
  test('unquoted end-date is a date', () => {
    const config = loadHistoryConfig({ root: '/w', pyprojectRaw: rawOf('[tool.processor-lens.history]\nend-date = 2026-01-01\n') });
    assert.equal(config.endDate, '2026-01-01');
  });

  test('date-time asks for a string', () => {
    const raw = rawOf('[tool.processor-lens.history]\nend-date = 2026-01-01T10:00:00Z\n');
    assert.throws(
      () => loadHistoryConfig({ root: '/w', pyprojectRaw: raw }),
      (error: unknown) => {
        assert.ok(error instanceof HistoryError);
        assert.match(error.message, /"end-date" in \[tool\.processor-lens\.history\] of pyproject\.toml is a TOML date-time/);
        assert.equal(error.hint, 'Write it as a string, for example end-date = "2026-01-01".');
        return true;
      },
    );
  });

  test('a date for another key asks for a string', () => {
    const raw = rawOf('[tool.processor-lens.history]\nsource = 2026-01-01\n');
    assert.throws(() => loadHistoryConfig({ root: '/w', pyprojectRaw: raw }), { hint: 'Write it as a string, for example source = "2026-01-01".' });
  });

  test('unknown source names its file', () => {
    const raw = rawOf('[tool.processor-lens.history]\nsource = "oracle"\n');
    assert.throws(() => loadHistoryConfig({ root: '/w', pyprojectRaw: raw, pyprojectPath: '/w/pyproject.toml' }), {
      message: 'Unknown history source "oracle", set by source in [tool.processor-lens.history] of /w/pyproject.toml.',
    });
    assert.throws(() => loadHistoryConfig({ root: '/w', settings: { 'history.source': 'oracle' as never } }), {
      message: 'Unknown history source "oracle", set by the processorLens.history.source setting.',
    });
  });
});
