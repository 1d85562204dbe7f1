import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JSDOM } from 'jsdom';
import { contentSecurityPolicy, createNonce, escapeHtml, renderPanelHtml } from '../../../client/src/panel/html';

const options = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utdmx1ZQ==',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.css',
};

describe('escapeHtml', () => {
  test('escapes markup and quotes', () => {
    assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&`), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
  });

  test('leaves plain text alone', () => {
    assert.equal(escapeHtml('nba_raw.player_box_scores'), 'nba_raw.player_box_scores');
  });
});

describe('contentSecurityPolicy', () => {
  test('allows only nonce scripts', () => {
    const policy = contentSecurityPolicy(options.cspSource, options.nonce);
    const directives = Object.fromEntries(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], [`'nonce-${options.nonce}'`]);
    assert.ok(!policy.includes('unsafe-inline'));
    assert.ok(!policy.includes('unsafe-eval'));
    assert.ok(!policy.includes('*'));
  });
});

describe('renderPanelHtml', () => {
  test('page loads the bundle under its CSP', () => {
    const document = new JSDOM(renderPanelHtml(options)).window.document;
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    assert.equal(meta?.getAttribute('content'), contentSecurityPolicy(options.cspSource, options.nonce));

    const scripts = [...document.querySelectorAll('script')];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0].getAttribute('src'), options.scriptUri);
    assert.equal(scripts[0].getAttribute('nonce'), options.nonce);
    assert.equal(scripts[0].textContent, '');
    assert.equal(document.querySelector('link[rel="stylesheet"]')?.getAttribute('href'), options.styleUri);
    assert.ok(document.getElementById('app'));
  });

  test('no inline handlers or styles', () => {
    const html = renderPanelHtml(options);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /<style/i);
    assert.doesNotMatch(html, /\sstyle=/i);
  });

  test('escapes the interpolated values', () => {
    const html = renderPanelHtml({ ...options, scriptUri: 'https://x/"><script>alert(1)</script>' });
    const document = new JSDOM(html).window.document;
    assert.equal(document.querySelectorAll('script').length, 1);
    assert.equal(document.querySelector('script')?.getAttribute('src'), 'https://x/"><script>alert(1)</script>');
  });
});

describe('createNonce', () => {
  test('fresh base64 per call', () => {
    const first = createNonce();
    const second = createNonce();
    assert.notEqual(first, second);
    assert.match(first, /^[A-Za-z0-9+/]{22}==$/);
  });
});
