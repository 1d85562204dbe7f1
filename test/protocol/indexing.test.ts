// Protocol tests of the language server while it indexes a folder: no diagnostics computed from
// a partial class index, edits of an open document analyzed ahead of the folder analysis, and
// the bounded indexing of a file opened outside every workspace folder.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PROCESSOR_AT_METHOD, type ProcessorAtResult } from '../../server/src/protocol';
import { repositoryRoot, TestClient, uri } from './lsp-client';

function copyFolder(source: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'pl-protocol-'));
  cpSync(source, copy, { recursive: true });
  return copy;
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `no line contains ${needle}`);
  return index;
}

describe('file opened while the folder is indexed', () => {
  let folder: string;
  let client: TestClient;
  let path: string;
  let processorDuringScan: Promise<ProcessorAtResult | null>;

  before(async () => {
    folder = copyFolder(join(repositoryRoot, 'sample-workspace'));
    // Read before pipeline/ in path order, so the scan reaches the base classes late.
    mkdirSync(join(folder, 'archive'));
    for (let index = 0; index < 1500; index += 1) {
      writeFileSync(join(folder, 'archive', `job_${index}.py`), `def job_${index}():\n    return ${index}\n`);
    }
    client = await TestClient.start({ folders: [folder] });
    path = join(folder, 'precompute', 'player_rolling_averages.py');
    await client.open(path);
    await client.waitFor('indexing to begin', () => client.progress.some((event) => event.value.kind === 'begin'));
    const classLine = lineOf(readFileSync(path, 'utf8'), 'class PlayerRollingAveragesProcessor');
    processorDuringScan = client.request<ProcessorAtResult | null>(PROCESSOR_AT_METHOD, {
      uri: uri(path),
      position: { line: classLine + 1, character: 4 },
    });
    await client.waitForIndexing();
  });

  after(async () => {
    await client?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('no finding from a partial index', () => {
    // super().save_data() resolves to PrecomputeProcessorBase.save_data, which sets the stat;
    // the early return is the only exit without it.
    const expected = [`${lineOf(readFileSync(path, 'utf8'), '# expect: unset-without-write')} unset-without-write`];
    const published = client.publications
      .filter((publication) => publication.uri === uri(path))
      .map((publication) => publication.diagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${String(diagnostic.code)}`));
    assert.ok(published.length > 0, 'the open file got no diagnostics');
    for (const diagnostics of published) assert.deepEqual(diagnostics, expected);
  });

  test('processorAt includes inherited attributes', async () => {
    const processor = await processorDuringScan;
    assert.equal(processor?.className, 'PlayerRollingAveragesProcessor');
    assert.equal(processor?.attributes.dataset_id?.value, 'nba_precompute');
    assert.equal(processor?.attributes.dataset_id?.definedIn, 'PrecomputeProcessorBase');
  });
});

describe('edits while the folder is analyzed', () => {
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = copyFolder(join(repositoryRoot, 'test', 'fixtures', 'spec-workspace'));
    const body = 'from pipeline.processor_base import ProcessorBase\n\n\nclass Generated{N}(ProcessorBase):\n    def save_data(self):\n        return\n';
    for (let index = 0; index < 3000; index += 1) {
      writeFileSync(join(folder, 'processors', `generated_${index}.py`), body.replace('{N}', String(index)));
    }
    client = await TestClient.start({ folders: [folder] });
  });

  after(async () => {
    await client?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('open file goes before the next step', async () => {
    const path = join(folder, 'processors', 'box_scores.py');
    await client.open(path);
    await client.waitFor('the folder analysis to start', () => client.progress.some((event) => event.value.message?.startsWith('analyzing')));
    const line = lineOf(client.document(path).getText(), 'def save_data') + 1;
    const between: number[] = [];
    for (let keystroke = 0; keystroke < 6; keystroke += 1) {
      if (client.progress.some((event) => event.value.kind === 'end')) break;
      const sent = client.publications.length;
      const change =
        keystroke % 2 === 0
          ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '#' }
          : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
      const document = await client.change(path, [change]);
      await client.waitFor('diagnostics of the edited file', () => client.diagnostics.get(uri(path))?.version === document.version);
      const answered = client.publications.findIndex((publication, index) => index >= sent && publication.version === document.version);
      between.push(client.publications.slice(sent, answered).filter((publication) => publication.uri.includes('generated_')).length);
    }
    await client.waitForIndexing();
    assert.ok(between.length > 0, 'the folder analysis ended before the first edit');
    // Files published after the edit was sent and before its diagnostics: the steps already run
    // or written to the pipe when the server read the edit, 30 to 40 files at 10 per step. An
    // edit that waited behind whole steps of 50 saw 150 to 200.
    console.log(`# generated files published between an edit and its diagnostics: ${between.join(', ')}`);
    assert.ok(Math.max(...between) < 100, `up to ${Math.max(...between)} files went first`);
  });
});

describe('file outside every workspace folder', () => {
  const specWorkspace = join(repositoryRoot, 'test', 'fixtures', 'spec-workspace');
  let workspaceFolder: string;
  let project: string;
  let largeRoot: string;
  let client: TestClient;

  before(async () => {
    workspaceFolder = copyFolder(specWorkspace);
    // A project next to the workspace: its pyproject.toml makes it the loose file's root.
    project = mkdtempSync(join(tmpdir(), 'pl-protocol-loose-'));
    writeFileSync(join(project, 'pyproject.toml'), '[project]\nname = "loose"\n');
    cpSync(join(specWorkspace, 'pipeline'), join(project, 'pipeline'), { recursive: true });
    mkdirSync(join(project, 'processors'));
    cpSync(join(specWorkspace, 'processors', 'schedule_super.py'), join(project, 'processors', 'schedule_super.py'));

    // A git work tree with more Python files than a loose file's root may index.
    largeRoot = mkdtempSync(join(tmpdir(), 'pl-protocol-large-'));
    mkdirSync(join(largeRoot, '.git'));
    mkdirSync(join(largeRoot, 'bulk'));
    for (let index = 0; index < 5001; index += 1) writeFileSync(join(largeRoot, 'bulk', `m${index}.py`), '');
    mkdirSync(join(largeRoot, 'jobs'));
    cpSync(join(specWorkspace, 'processors', 'box_scores.py'), join(largeRoot, 'jobs', 'box_scores.py'));

    client = await TestClient.start({ folders: [workspaceFolder] });
    await client.waitForIndexing();
  });

  after(async () => {
    await client?.stop();
    for (const folder of [workspaceFolder, project, largeRoot]) rmSync(folder, { recursive: true, force: true });
  });

  test('project root is indexed', async () => {
    const path = join(project, 'processors', 'schedule_super.py');
    const expected = [`${lineOf(readFileSync(path, 'utf8'), '# expect: unset-without-write')} unset-without-write`];
    await client.open(path);
    // ScheduleProcessor.save_data returns super().save_data(), which sets the stat only if the
    // index contains pipeline/processor_base.py; without it the return is flagged as well.
    const published = () =>
      client.publications
        .filter((publication) => publication.uri === uri(path))
        .map((publication) => publication.diagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${String(diagnostic.code)}`));
    await client.waitFor('diagnostics of the loose file', () => client.diagnostics.has(uri(path)));
    for (const diagnostics of published()) assert.deepEqual(diagnostics, expected);

    await client.waitFor('the loose project to be indexed', () => client.logs.some((line) => line.startsWith(`indexed ${project} `)), 5000);
    for (const diagnostics of published()) assert.deepEqual(diagnostics, expected);
  });

  test('too large root falls back', async () => {
    const path = join(largeRoot, 'jobs', 'box_scores.py');
    await client.open(path);
    const warning = await client.waitFor('the fallback warning', () => client.logs.find((line) => line.startsWith(`${largeRoot} is too large to index`)));
    assert.match(warning, /it has 5002 Python files, more than the 5000/);
    await client.waitFor('the file folder to be indexed', () => client.logs.some((line) => line.startsWith(`indexed ${join(largeRoot, 'jobs')} `)));
    await client.waitFor('diagnostics of the file', () => client.diagnosticsFor(path).length > 0);
  });
});

describe('two folders indexed at once', () => {
  const specWorkspace = join(repositoryRoot, 'test', 'fixtures', 'spec-workspace');
  let large: string;
  let small: string;
  let client: TestClient;

  before(async () => {
    large = copyFolder(specWorkspace);
    const body = 'from pipeline.processor_base import ProcessorBase\n\n\nclass Generated{N}(ProcessorBase):\n    def save_data(self):\n        return\n';
    for (let index = 0; index < 3000; index += 1) {
      writeFileSync(join(large, 'processors', `generated_${index}.py`), body.replace('{N}', String(index)));
    }
    small = copyFolder(specWorkspace);
    client = await TestClient.start({ folders: [large, small] });
  });

  after(async () => {
    await client?.stop();
    rmSync(large, { recursive: true, force: true });
    rmSync(small, { recursive: true, force: true });
  });

  test('second folder skips first analysis', async () => {
    const path = join(small, 'processors', 'box_scores.py');
    await client.open(path);
    await client.waitFor('diagnostics of the open file', () => client.diagnostics.has(uri(path)));
    const largeTitle = `Processor Lens: indexing ${large.split('/').pop()}`;
    const largeToken = client.progress.find((event) => event.value.kind === 'begin' && event.value.title === largeTitle)?.token;
    assert.ok(largeToken !== undefined, 'the large folder reported no indexing progress');
    assert.ok(
      !client.progress.some((event) => event.token === largeToken && event.value.kind === 'end'),
      'the open file of the second folder waited for the analysis of the first',
    );
    await client.waitForIndexing(2);
  });
});
