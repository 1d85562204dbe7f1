// The language server's pure feature functions: diagnostics, code actions, code lenses and hover,
// fed with findings and methods in the engine's types.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeActionParams, TextDocumentEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckedMethod, Finding, ProcessorInfo } from '../../server/src/engine/types';
import { FIX_ALL_KIND, preferredFixEdits, provideCodeActions } from '../../server/src/lsp/code-actions';
import { provideCodeLenses } from '../../server/src/lsp/code-lens';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { provideHover } from '../../server/src/lsp/hover';
import type { ShowExitsArgs } from '../../server/src/protocol';

const path = '/work/space/processors/box.py';
const uri = 'file:///work/space/processors/box.py';
const docs = 'file:///ext/docs/rules/';
const source = [
  'class Box(ProcessorBase):',
  '    def save_data(self):',
  '        rows = self.rows',
  '        if not rows:',
  '            return  # processor-lens: ignore[unset-on-raise] legacy',
  '        self.client.insert_rows(rows)',
  '        if self.flag:',
  '            return  # a comment',
  '        x = 1 + \\',
  '            2',
  '',
].join('\n');
const document = TextDocument.create(uri, 'python', 3, source);

function range(line: number, start: number, end: number) {
  return { start: { line, character: start }, end: { line, character: end } };
}

function insertion(line: number, text: string) {
  return { range: range(line, 0, 0), newText: text };
}

function finding(overrides: Partial<Finding>): Finding {
  return {
    path,
    range: range(4, 12, 18),
    rule: 'unset-without-write',
    severity: 'warning',
    message: 'returns without setting rows_inserted',
    className: 'Box',
    methodName: 'save_data',
    relatedInformation: [],
    fixes: [],
    ...overrides,
  };
}

const withoutWrite = finding({
  fixes: [{ title: 'Set self.stats["rows_inserted"] = 0', statement: 'self.stats["rows_inserted"] = 0', isPreferred: true, edits: [insertion(4, '            self.stats["rows_inserted"] = 0\n')] }],
});
const afterWrite = finding({
  range: range(7, 12, 18),
  rule: 'unset-after-write',
  severity: 'error',
  relatedInformation: [{ path, range: range(5, 8, 37), message: 'rows written here' }],
  fixes: [
    { title: 'Set self.stats["rows_inserted"] = len(rows)', statement: 'self.stats["rows_inserted"] = len(rows)', isPreferred: true, edits: [insertion(7, '            self.stats["rows_inserted"] = len(rows)\n')] },
    { title: 'Set self.stats["rows_inserted"] = 0', statement: 'self.stats["rows_inserted"] = 0', isPreferred: false, edits: [insertion(7, '            self.stats["rows_inserted"] = 0\n')] },
  ],
});
const onContinuation = finding({ range: range(8, 8, 9), rule: 'unset-on-raise', severity: 'information' });

function params(line: number, only?: string[]): CodeActionParams {
  return { textDocument: { uri }, range: range(line, 12, 12), context: { diagnostics: [], only } };
}

function actionsAt(line: number, only?: string[]) {
  return provideCodeActions({ params: params(line, only), document, findings: [withoutWrite, afterWrite, onContinuation], rulesDocsUri: docs, versionedEdits: true });
}

function editedText(action: ReturnType<typeof actionsAt>[number]): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri, version: 3 });
  return TextDocument.applyEdits(document, change.edits as never);
}

describe('diagnostics', () => {
  test('rule becomes code and link', () => {
    const diagnostic = toDiagnostic(afterWrite, docs);
    assert.equal(diagnostic.code, 'unset-after-write');
    assert.equal(diagnostic.codeDescription?.href, 'file:///ext/docs/rules/unset-after-write.md');
    assert.equal(diagnostic.severity, 1);
    assert.equal(diagnostic.relatedInformation?.[0].location.uri, uri);
    assert.equal(toDiagnostic(withoutWrite, docs).relatedInformation, undefined);
    assert.equal(toDiagnostic(onContinuation, docs).severity, 3);
  });
});

describe('code actions', () => {
  test('fixes in engine order, then suppression', () => {
    const actions = actionsAt(7);
    assert.deepEqual(actions.map((action) => action.title), [
      'Set self.stats["rows_inserted"] = len(rows)',
      'Set self.stats["rows_inserted"] = 0',
      'Suppress unset-after-write on this line',
    ]);
    assert.deepEqual(actions.map((action) => action.isPreferred), [true, false, undefined]);
    assert.equal(actions[0].diagnostics?.[0].code, 'unset-after-write');
  });

  test('suppression appends a comment', () => {
    const suppress = actionsAt(7).find((action) => action.title.startsWith('Suppress'));
    assert.ok(suppress);
    assert.equal(editedText(suppress).split('\n')[7], '            return  # a comment  # processor-lens: ignore[unset-after-write]');
  });

  test('suppression extends an existing list', () => {
    const suppress = actionsAt(4).find((action) => action.title.startsWith('Suppress'));
    assert.ok(suppress);
    assert.equal(
      editedText(suppress).split('\n')[4],
      '            return  # processor-lens: ignore[unset-on-raise, unset-without-write] legacy',
    );
  });

  test('def-line suppression covers every exit', () => {
    const atEnd = finding({ range: range(1, 8, 17), rule: 'unset-after-write', severity: 'error' });
    const actions = provideCodeActions({ params: params(1), document, findings: [atEnd], rulesDocsUri: docs, versionedEdits: true });
    assert.deepEqual(actions.map((action) => action.title), ['Suppress unset-after-write for every exit of save_data']);
    assert.equal(editedText(actions[0]).split('\n')[1], '    def save_data(self):  # processor-lens: ignore[unset-after-write]');
  });

  test('no suppression after a backslash', () => {
    const titles = actionsAt(8).map((action) => action.title);
    assert.deepEqual(titles, []);
  });

  test('fix-all only on request', () => {
    assert.ok(!actionsAt(7).some((action) => action.kind === FIX_ALL_KIND));
    assert.deepEqual(actionsAt(0, ['quickfix']).length, 0);
    for (const only of [['source'], ['source.fixAll'], [FIX_ALL_KIND]]) {
      const actions = actionsAt(0, only);
      assert.equal(actions.length, 1, `only ${only.join()}`);
      assert.equal(actions[0].kind, FIX_ALL_KIND);
    }
  });

  test('fix-all inserts each preferred fix', () => {
    const [fixAll] = actionsAt(0, ['source.fixAll']);
    const lines = editedText(fixAll).split('\n');
    assert.equal(lines[4], '            self.stats["rows_inserted"] = 0');
    assert.equal(lines[8], '            self.stats["rows_inserted"] = len(rows)');
    assert.equal(lines.filter((line) => line.includes('self.stats')).length, 2);
  });

  test('preferred edits drop duplicates and overlaps', () => {
    const replace = (line: number, text: string) => ({ range: range(line, 0, 10), newText: text });
    const a = finding({ fixes: [{ title: 'a', statement: 'a', isPreferred: true, edits: [replace(2, 'a'), insertion(1, 'x')] }] });
    const b = finding({ fixes: [{ title: 'b', statement: 'b', isPreferred: true, edits: [replace(2, 'a'), { range: range(2, 5, 12), newText: 'b' }] }] });
    const edits = preferredFixEdits([a, b]);
    assert.deepEqual(edits.map((edit) => edit.newText), ['x', 'a']);
  });

  test('unused suppression can be removed', () => {
    const line = 4;
    const text = source.split('\n')[line];
    const start = text.indexOf('#');
    const unused = finding({
      range: range(line, start, text.length),
      rule: 'unused-suppression',
      message: 'Unused suppression: no unset-on-raise finding is reported on this line. Remove it, or correct the rule name.',
    });
    const atComment: CodeActionParams = { ...params(line), range: range(line, start, start) };
    const [action] = provideCodeActions({ params: atComment, document, findings: [unused], rulesDocsUri: docs, versionedEdits: true });
    assert.equal(action.title, 'Remove unused suppression comment');
    assert.equal(editedText(action).split('\n')[line], '            return');

    const stillUsed = { ...unused, message: 'Unused suppression: no other-rule finding is reported on this line.' };
    const actions = provideCodeActions({ params: atComment, document, findings: [stillUsed], rulesDocsUri: docs, versionedEdits: true });
    assert.deepEqual(actions, []);
  });

  test('unversioned edits use changes', () => {
    const [action] = provideCodeActions({ params: params(7), document, findings: [afterWrite], rulesDocsUri: docs, versionedEdits: false });
    assert.ok(action.edit?.changes?.[uri]);
    assert.equal(action.edit?.documentChanges, undefined);
  });
});

const method: CheckedMethod = {
  path,
  className: 'Box',
  methodName: 'save_data',
  nameRange: range(1, 8, 17),
  exits: [
    { kind: 'return', range: range(4, 12, 18), text: 'return', stat: 'unset', wroteRows: false, rule: 'unset-without-write' },
    { kind: 'return', range: range(7, 12, 18), text: 'return | x', stat: 'partial', wroteRows: true, rule: 'unset-after-write' },
    { kind: 'end', range: range(1, 8, 17), text: 'def save_data(self):', stat: 'set', wroteRows: true },
  ],
  usedBy: ['Box'],
};

describe('code lenses and hover', () => {
  test('lenses count set exits', () => {
    const inherited: ProcessorInfo = {
      className: 'Child',
      path,
      nameRange: range(20, 6, 11),
      range: range(20, 0, 22),
      bases: ['Box'],
      effectiveMethod: { className: 'Box', path, nameRange: method.nameRange },
      attributes: {},
    };
    const lenses = provideCodeLenses(uri, [method], [inherited], 'rows_inserted');
    assert.deepEqual(lenses.map((lens) => lens.command?.title), ['1 of 3 exits set rows_inserted', 'Show run history', 'Show run history']);
    assert.deepEqual(lenses[2].command?.arguments, [{ uri, position: { line: 20, character: 6 } }]);
  });

  test('mixin method has no history lens', () => {
    const lenses = provideCodeLenses(uri, [{ ...method, className: 'Mixin', usedBy: ['A', 'B'] }], [], 'rows_inserted');
    assert.deepEqual(lenses.map((lens) => lens.command?.title), ['1 of 3 exits set rows_inserted']);
  });

  test('exits lens lists labelled exits', () => {
    const [lens] = provideCodeLenses(uri, [method], [], 'rows_inserted');
    const args = lens.command?.arguments?.[0] as ShowExitsArgs;
    assert.equal(args.title, 'Box.save_data: 1 of 3 exits set rows_inserted');
    assert.deepEqual(
      args.items?.map((item) => [item.label, item.description, item.detail, item.range.start.line]),
      [
        ['return on line 5', 'rows_inserted not set, no rows written', 'return  ·  unset-without-write', 4],
        ['return on line 8', 'rows_inserted set on some paths only, rows written', 'return | x  ·  unset-after-write', 7],
        ['end of function (def on line 2)', 'rows_inserted set, rows written', '', 1],
      ],
    );
    assert.ok(args.items?.every((item) => item.uri === uri));
  });

  test('method not analyzed says why', () => {
    const broken: CheckedMethod = { ...method, exits: [], notAnalyzed: { reason: 'syntax error on line 4', line: 3 } };
    const [lens] = provideCodeLenses(uri, [broken], [], 'rows_inserted');
    assert.equal(lens.command?.title, 'save_data not analyzed: syntax error on line 4');
    const args = lens.command?.arguments?.[0] as ShowExitsArgs;
    assert.deepEqual(args.items?.map((item) => [item.label, item.range.start.line]), [['syntax error on line 4', 3]]);

    const hover = provideHover([broken], { line: 1, character: 10 }, 'rows_inserted');
    const markdown = (hover?.contents as { value: string }).value;
    assert.match(markdown, /save_data not analyzed: syntax error on line 4/);
    assert.doesNotMatch(markdown, /exits set|No exits/);
  });

  test('hover table escapes pipes', () => {
    const hover = provideHover([method], { line: 1, character: 10 }, 'rows_inserted');
    assert.ok(hover);
    const markdown = (hover.contents as { value: string }).value;
    assert.match(markdown, /\| 8 \| `return \\\| x` \| \*\*unset on some paths\*\* \| yes \| `unset-after-write` \|/);
    assert.match(markdown, /\| 2 \| end of function \| set \| yes \|  \|/);
    assert.equal(provideHover([method], { line: 2, character: 10 }, 'rows_inserted'), null);
  });
});
