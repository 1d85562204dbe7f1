import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { statusView } from '../../client/src/status-view';

const idle = { indexing: false, done: 0, total: 0, findings: 0, skipped: 0 };

describe('status view', () => {
  test('no findings shows a check', () => {
    const view = statusView(idle);
    assert.equal(view.text, '$(check) Processor Lens');
    assert.equal(view.isError, false);
    assert.equal(view.openUri, undefined);
  });

  test('config error shows an error', () => {
    const message = '[tool.processor-lens] fail-on: invalid value "eror"; use one of "error", "warning".';
    const view = statusView({ ...idle, configErrors: [{ uri: 'file:///w/pyproject.toml', message }] });
    assert.equal(view.text, '$(error) Processor Lens: config error');
    assert.equal(view.isError, true);
    assert.equal(view.openUri, 'file:///w/pyproject.toml');
    assert.ok(view.tooltip.includes(message));
    assert.doesNotMatch(view.tooltip, /0 findings/);
  });

  test('two config errors open Problems', () => {
    const errors = [
      { uri: 'file:///a/pyproject.toml', message: 'first' },
      { uri: 'file:///b/pyproject.toml', message: 'second' },
    ];
    const view = statusView({ ...idle, configErrors: errors });
    assert.equal(view.openUri, undefined);
    assert.match(view.tooltip, /first\nsecond\n/);
  });
});
