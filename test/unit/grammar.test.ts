// The TextMate injection grammar: its patterns (Oniguruma syntax that is also valid JavaScript
// RegExp syntax) run against sample Python lines, and its contribution in package.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const root = join(__dirname, '..', '..');
const grammarPath = 'syntaxes/processor-lens.injection.tmLanguage.json';

interface Rule {
  match: string;
  captures: Record<string, { name?: string; patterns?: { match: string; name: string }[] }>;
}
const grammar = JSON.parse(readFileSync(join(root, grammarPath), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, Rule>;
};

/** Runs a rule over a line like a TextMate tokenizer would from `start`: the first match at or after it. */
function firstMatch(rule: Rule, line: string): RegExpExecArray | null {
  return new RegExp(rule.match, 'g').exec(line);
}

describe('suppression comment pattern', () => {
  const rule = grammar.repository['suppression-comment'];

  test('matches a rule list and a reason', () => {
    const match = firstMatch(rule, '        return  # processor-lens: ignore[unset-without-write] nothing to load');
    assert.ok(match, 'no match');
    assert.equal(match[2], 'processor-lens');
    assert.equal(match[4], 'ignore');
    assert.equal(match[6], 'unset-without-write');
    assert.equal(match[8], ' nothing to load');
  });

  test('splits several rules', () => {
    const match = firstMatch(rule, 'def save_data(self):  # processor-lens: ignore[unset-after-write, unset-on-raise]');
    assert.ok(match, 'no match');
    const rulePattern = new RegExp(rule.captures['6'].patterns![0].match, 'g');
    assert.deepEqual(match[6].match(rulePattern), ['unset-after-write', 'unset-on-raise']);
  });

  test('matches after another comment', () => {
    const line = 'return  # expect: unset-after-write  # processor-lens: ignore[unset-after-write]';
    const match = firstMatch(rule, line);
    assert.ok(match, 'no match');
    assert.equal(match.index, line.indexOf('# processor-lens'));
  });

  test('matches without brackets and with loose spacing', () => {
    const match = firstMatch(rule, 'x = 1  #processor-lens :  ignore');
    assert.ok(match, 'no match');
    assert.equal(match[5], undefined);
  });

  test('ignores other comments', () => {
    assert.equal(firstMatch(rule, 'return  # type: ignore[return-value]'), null);
    assert.equal(firstMatch(rule, 'return  # processor-lens is great'), null);
  });

  test('scopes the whole match as a comment', () => {
    assert.match((rule as unknown as { name: string }).name, /^comment\.line\.number-sign\.python /);
  });
});

describe('comment with a later suppression', () => {
  const rule = grammar.repository['comment-with-suppression'] as unknown as { begin: string; end: string; patterns: { include: string }[] };

  test('opens at the first hash', () => {
    const line = '            return  # expect: unset-after-write  # processor-lens: ignore[unset-after-write]';
    const match = new RegExp(rule.begin).exec(line);
    assert.ok(match, 'no match');
    assert.equal(match.index, line.indexOf('# expect'));
    assert.deepEqual(rule.patterns, [{ include: '#suppression-comment' }]);
    assert.equal(rule.end, '$');
  });

  test('leaves ordinary comments alone', () => {
    assert.equal(new RegExp(rule.begin).exec('x = 1  # self.stats["rows_inserted"] is set later'), null);
  });
});

describe('stat subscript pattern', () => {
  const rule = grammar.repository['stat-subscript'];

  const cases: [string, string][] = [
    ['        self.stats["rows_inserted"] = len(rows)', 'rows_inserted'],
    ["        self.stats['rows_inserted'] += count", 'rows_inserted'],
    ['        self.stats[ "rows_insterted" ] = 0', 'rows_insterted'],
    ['        total = self.stats["rows_processed"]', 'rows_processed'],
  ];
  for (const [line, key] of cases) {
    test(`finds ${key} in ${line.trim()}`, () => {
      const match = firstMatch(rule, line);
      assert.ok(match, 'no match');
      assert.equal(match[7], key);
      assert.equal(match[6], match[8], 'opening and closing quotes differ');
    });
  }

  test('ignores other subscripts', () => {
    assert.equal(firstMatch(rule, 'other.stats["rows_inserted"] = 1'), null);
    assert.equal(firstMatch(rule, 'self.stats_cache["rows_inserted"] = 1'), null);
    assert.equal(firstMatch(rule, 'self.stats[key] = 1'), null);
    assert.equal(firstMatch(rule, `self.stats["rows_inserted'] = 1`), null);
  });

  test('names the key with its own scope', () => {
    assert.equal(rule.captures['7'].name, 'variable.other.constant.stat-key.processor-lens');
  });
});

describe('grammar contribution', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { grammars?: { scopeName: string; path: string; injectTo?: string[] }[] };
  };

  test('package.json injects it into Python', () => {
    const contribution = manifest.contributes.grammars?.find((entry) => entry.scopeName === grammar.scopeName);
    assert.ok(contribution, `package.json contributes no grammar with scopeName ${grammar.scopeName}`);
    assert.equal(contribution.path, `./${grammarPath}`);
    assert.deepEqual(contribution.injectTo, ['source.python']);
  });

  test('selector skips strings and comments', () => {
    assert.equal(grammar.injectionSelector, 'L:source.python -string -comment');
  });
});
