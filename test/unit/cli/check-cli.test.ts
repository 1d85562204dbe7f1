// End-to-end tests of `processor-lens check`: the built command run on the sample workspace and
// on small temporary workspaces.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CLI_VERSION } from '../../../server/src/cli/version';
import { copyToTemp, ensureBuilt, readExpectations, removeTempCopies, REPO_ROOT, runCli, SAMPLE_WORKSPACE } from './cli-harness';
import { createSarifValidator } from './sarif-schema';

interface JsonFinding {
  path: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  className: string;
  fixes: { statement: string; isPreferred: boolean }[];
}

interface JsonOutput {
  version: string;
  findings: JsonFinding[];
  skipped: { path: string; reason: string }[];
  summary: { problems: number; errors: number; warnings: number; information: number; files: number; fixable: number };
}

function checkJson(args: string[], options: { cwd?: string } = {}): { status: number | null; output: JsonOutput; stderr: string } {
  const run = runCli(['check', '--format', 'json', ...args], options);
  return { status: run.status, output: JSON.parse(run.stdout) as JsonOutput, stderr: run.stderr };
}

const key = (path: string, line: number, rule: string) => `${path}:${line} ${rule}`;

let sampleRun: ReturnType<typeof checkJson> | undefined;

/** `check --format json sample-workspace`, run once and shared by the tests that only read it. */
function sampleJson(): ReturnType<typeof checkJson> {
  sampleRun ??= checkJson(['sample-workspace']);
  return sampleRun;
}

before(() => ensureBuilt());
after(() => removeTempCopies());

describe('check on the sample workspace', () => {
  test('reports exactly the annotated exits', () => {
    const { status, output } = sampleJson();
    const expected = readExpectations(SAMPLE_WORKSPACE).map((e) => key(`sample-workspace/${e.path}`, e.line, e.rule));
    const actual = output.findings.map((f) => key(f.path, f.line, f.rule)).sort();

    assert.deepEqual(actual, [...expected].sort());
    assert.equal(status, 1, 'the sample has unset-after-write errors');
  });

  test('offers each annotated fix', () => {
    const { output } = sampleJson();
    for (const expectation of readExpectations(SAMPLE_WORKSPACE).filter((e) => e.fix)) {
      const finding = output.findings.find((f) => f.path === `sample-workspace/${expectation.path}` && f.line === expectation.line);
      assert.ok(finding, `finding at ${expectation.path}:${expectation.line}`);
      const statements = finding.fixes.map((fix) => fix.statement);
      assert.ok(statements.includes(expectation.fix!), `${expectation.path}:${expectation.line} offers ${expectation.fix}, got ${statements.join(' | ')}`);
    }
  });

  test('JSON summary matches findings', () => {
    const { output } = sampleJson();
    const count = (severity: string) => output.findings.filter((f) => f.severity === severity).length;

    assert.equal(output.version, CLI_VERSION);
    assert.equal(output.summary.problems, output.findings.length);
    assert.equal(output.summary.errors, count('error'));
    assert.equal(output.summary.warnings, count('warning'));
    assert.equal(output.summary.information, count('information'));
    assert.equal(output.summary.files, new Set(output.findings.map((f) => f.path)).size);
    assert.equal(output.summary.fixable, output.findings.filter((f) => f.fixes.some((fix) => fix.isPreferred)).length);
    assert.deepEqual(output.skipped, [], 'no sample file is skipped, the one with a syntax error included');
  });

  test('text output lines and summary', () => {
    const run = runCli(['check', 'sample-workspace']);
    const { output } = sampleJson();
    const lines = run.stdout.trimEnd().split('\n');
    const findingLines = lines.filter((line) => /^\S+:\d+:\d+: /.test(line));

    assert.equal(run.status, 1);
    assert.equal(findingLines.length, output.findings.length);
    for (const [index, finding] of output.findings.entries()) {
      assert.ok(findingLines[index].startsWith(`${finding.path}:${finding.line}:${finding.column}: ${finding.severity} ${finding.rule} `), findingLines[index]);
    }
    const { errors, warnings, information, problems, files, fixable } = output.summary;
    assert.equal(lines.at(-1), `${problems} problems (${errors} errors, ${warnings} warnings, ${information} info) in ${files} files; ${fixable} fixable with --fix`);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour in a pipe');
  });

  test('SARIF output validates against the schema', () => {
    const run = runCli(['check', '--format', 'sarif', 'sample-workspace']);
    const { output } = sampleJson();
    const log = JSON.parse(run.stdout);

    assert.equal(run.status, 1);
    assert.deepEqual(createSarifValidator()(log), []);
    assert.equal(log.runs[0].results.length, output.findings.length);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, output.findings[0].path);
  });
});

test('SARIF rules link their pages', () => {
  const log = JSON.parse(runCli(['check', '--format', 'sarif', 'sample-workspace/processors/box_scores.py']).stdout);

  for (const rule of log.runs[0].tool.driver.rules) {
    const page = join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    if (existsSync(page)) {
      assert.equal(rule.helpUri, pathToFileURL(page).href, rule.id);
      assert.equal(rule.help.markdown, readFileSync(page, 'utf8'), rule.id);
    } else {
      assert.equal(rule.helpUri, undefined, `${rule.id} has no page, so no helpUri`);
    }
    assert.ok(rule.help.text, `${rule.id} has help text`);
  }
});

describe('check rule selection and fail-on', () => {
  test('--select keeps only the listed rules', () => {
    const { status, output } = checkJson(['--select', 'unset-on-raise', 'sample-workspace']);
    assert.ok(output.findings.length > 0);
    assert.deepEqual([...new Set(output.findings.map((f) => f.rule))], ['unset-on-raise']);
    assert.equal(status, 0, 'information is below the default fail-on of error');
  });

  test('--fail-on information fails on information', () => {
    const { status } = checkJson(['--select', 'unset-on-raise', '--fail-on', 'information', 'sample-workspace']);
    assert.equal(status, 1);
  });

  test('--ignore drops the listed rules', () => {
    const { status, output } = checkJson(['--ignore', 'unset-after-write,unset-on-raise', 'sample-workspace']);
    assert.ok(output.findings.length > 0);
    assert.ok(output.findings.every((f) => f.rule === 'unset-without-write' || f.rule === 'unused-suppression'));
    assert.equal(status, 0, 'warnings are below the default fail-on');
  });

  test('--fail-on warning fails on warnings', () => {
    const { status } = checkJson(['--ignore', 'unset-after-write,unset-on-raise', '--fail-on', 'warning', 'sample-workspace']);
    assert.equal(status, 1);
  });

  test('fail-on from pyproject.toml', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    writeFileSync(join(workspace, 'pyproject.toml'), '[tool.processor-lens]\nfail-on = "warning"\n');

    assert.equal(checkJson(['--select', 'unset-without-write', '.'], { cwd: workspace }).status, 1);
    assert.equal(checkJson(['--select', 'unset-without-write', '--fail-on', 'error', '.'], { cwd: workspace }).status, 0);
  });

  test('--quiet prints only failing findings', () => {
    const run = runCli(['check', '--quiet', 'sample-workspace']);
    const lines = run.stdout.trimEnd().split('\n').filter((line) => line !== '');

    assert.equal(run.status, 1);
    assert.ok(lines.length > 0);
    for (const line of lines) assert.match(line, /^(\S+:\d+:\d+: error unset-after-write |    \S+:\d+:\d+: note: )/);
  });
});

describe('check paths', () => {
  test('single file with bases elsewhere', () => {
    const { output } = checkJson(['sample-workspace/processors/box_scores.py']);
    const expected = readExpectations(SAMPLE_WORKSPACE)
      .filter((e) => e.path === 'processors/box_scores.py')
      .map((e) => key(`sample-workspace/${e.path}`, e.line, e.rule));

    assert.equal(expected.length, 2);
    assert.deepEqual(output.findings.map((f) => key(f.path, f.line, f.rule)).sort(), expected.sort());
  });

  test('paths relative to the working folder', () => {
    const { output } = checkJson(['box_scores.py'], { cwd: join(SAMPLE_WORKSPACE, 'processors') });
    assert.deepEqual([...new Set(output.findings.map((f) => f.path))], ['box_scores.py']);
  });

  test('folder limits the findings', () => {
    const { output } = checkJson(['sample-workspace/precompute']);
    assert.ok(output.findings.length > 0);
    assert.ok(output.findings.every((f) => f.path.startsWith('sample-workspace/precompute/')));
  });

  test('overlapping paths report once', () => {
    const whole = sampleJson().output.findings.length;
    const { output } = checkJson(['sample-workspace', 'sample-workspace/processors', 'sample-workspace/processors/box_scores.py']);
    assert.equal(output.findings.length, whole);
  });

  test('two workspace roots at once', () => {
    const first = copyToTemp(SAMPLE_WORKSPACE);
    const second = copyToTemp(SAMPLE_WORKSPACE);
    writeFileSync(join(second, 'pyproject.toml'), '[tool.processor-lens.rules]\nunset-after-write = "warning"\n');
    const run = checkJson([join(first, 'processors', 'typo_key.py'), join(second, 'processors', 'typo_key.py')], { cwd: first });
    const severities = run.output.findings.map((f) => `${f.path.startsWith('processors/') ? 'first' : 'second'} ${f.severity}`);

    assert.deepEqual(severities.sort(), ['first error', 'second warning'], 'each root applies its own configuration');
    assert.equal(run.status, 1);
  });

  test('stale suppression is reported', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    const path = join(workspace, 'processors', 'box_scores_fixed.py');
    writeFileSync(path, readFileSync(path, 'utf8').replace('            return\n', '            return  # processor-lens: ignore[unset-without-write]\n'));
    const { status, output } = checkJson(['processors/box_scores_fixed.py'], { cwd: workspace });

    assert.deepEqual(output.findings.map((f) => `${f.line} ${f.rule} ${f.severity}`), ['17 unused-suppression warning']);
    assert.equal(status, 0);
  });

  test('clean workspace exits 0', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    const run = runCli(['check', 'pipeline', 'processors/box_scores_fixed.py', 'processors/bdl'], { cwd: workspace });

    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^No problems found \(\d+ files? read\)\.$/m);
  });

  test('unreadable file is reported as skipped', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    writeFileSync(join(workspace, 'processors', 'latin1.py'), Buffer.from([0x23, 0x20, 0xe9, 0xff, 0xfe, 0x0a]));
    const { output } = checkJson(['processors'], { cwd: workspace });
    const run = runCli(['check', 'processors'], { cwd: workspace });

    assert.deepEqual(output.skipped.map((s) => s.path), ['processors/latin1.py']);
    assert.match(run.stderr, /^skipped processors\/latin1\.py: .+/m);
  });

  test('save_data with a syntax error is reported', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    const path = join(workspace, 'processors', 'control_flow.py');
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines[16].trim(), 'rows = self.transformed_data');
    lines[16] = '        if (rows and';
    writeFileSync(path, lines.join('\n'));
    const { output } = checkJson(['processors/control_flow.py'], { cwd: workspace });
    const run = runCli(['check', 'processors/control_flow.py'], { cwd: workspace });

    assert.ok(!output.findings.some((f) => f.className === 'PlayByPlayProcessor'), 'the broken method has no findings');
    assert.deepEqual(output.skipped.map((s) => s.path), ['processors/control_flow.py']);
    assert.match(output.skipped[0].reason, /^PlayByPlayProcessor\.save_data was not analyzed because of a syntax error on line 17;/);
    assert.match(run.stderr, /^skipped processors\/control_flow\.py: PlayByPlayProcessor\.save_data was not analyzed/m);
  });
});

describe('check paths that are not analyzed', () => {
  function workspaceWith(pyproject: string, files: Record<string, string> = {}): string {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    writeFileSync(join(workspace, 'pyproject.toml'), pyproject);
    for (const [path, content] of Object.entries(files)) writeFileSync(join(workspace, path), content);
    return workspace;
  }

  test('PATH excluded by exclude', () => {
    const workspace = workspaceWith('[tool.processor-lens]\nexclude = ["processors/**"]\n');
    const run = runCli(['check', 'processors/box_scores.py'], { cwd: workspace });
    assert.match(run.stderr, /^processor-lens: note: processors\/box_scores\.py is not analyzed, because exclude = \["processors\/\*\*"\] in \[tool\.processor-lens\] of .*pyproject\.toml matches it\.$/m);
  });

  test('PATH ignored by .gitignore', () => {
    const workspace = workspaceWith('[tool.processor-lens]\n', { '.gitignore': 'processors/\n' });
    const run = runCli(['check', 'processors'], { cwd: workspace });
    assert.match(run.stderr, /^processor-lens: note: processors is not analyzed, because .*\.gitignore ignores it\.$/m);
  });

  test('include matching no file', () => {
    const workspace = workspaceWith('[tool.processor-lens]\ninclude = ["nomatch/**"]\n');
    const run = runCli(['check'], { cwd: workspace });
    assert.match(run.stderr, /^processor-lens: note: no Python file matched in \. \(include = \["nomatch\/\*\*"\], exclude = \[\] in pyproject\.toml\); check the PATHs/m);
  });

  test('analyzed PATH has no note', () => {
    const run = runCli(['check', 'processors/box_scores.py'], { cwd: SAMPLE_WORKSPACE });
    assert.doesNotMatch(run.stderr, /note:/);
  });

  test('unknown pyproject key exits 2', () => {
    const workspace = workspaceWith('[tool.processor-lens]\nfail_on = "warning"\n');
    const run = runCli(['check'], { cwd: workspace });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\[tool\.processor-lens\] fail_on: unknown key; did you mean fail-on\?/);
  });

  test('max-file-bytes from flag and config', () => {
    const workspace = workspaceWith('[tool.processor-lens]\nmax-file-bytes = 100\n');
    const fromConfig = checkJson(['processors/box_scores.py'], { cwd: workspace });
    assert.deepEqual(fromConfig.output.skipped.map((entry) => entry.path), ['processors/box_scores.py']);
    assert.match(fromConfig.output.skipped[0].reason, /limit/);

    // The flag wins over the configuration.
    const fromFlag = checkJson(['--max-file-bytes', '10000000', 'processors/box_scores.py'], { cwd: workspace });
    assert.deepEqual(fromFlag.output.skipped, []);
    assert.ok(fromFlag.output.findings.length > 0);
  });

  // Root reads any file whatever its mode, so the permission check runs as the user nobody.
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
  const canDropPrivileges = process.getuid?.() === 0 && setpriv !== undefined;
  test('unreadable PATH exits 2', { skip: canDropPrivileges ? false : 'needs root and setpriv' }, () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    chmodSync(dirname(workspace), 0o755);
    chmodSync(join(workspace, 'pipeline'), 0o000);
    chmodSync(join(workspace, 'processors', 'box_scores.py'), 0o000);
    const asNobody = (args: string[]) =>
      spawnSync(setpriv!, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(REPO_ROOT, 'bin', 'processor-lens.js'), ...args], {
        cwd: workspace,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });

    const folder = asNobody(['check', 'pipeline']);
    assert.equal(folder.status, 2, folder.stdout + folder.stderr);
    assert.equal(folder.stderr, 'processor-lens: cannot read folder pipeline (EACCES). Check its permissions, or leave it out.\n');

    const file = asNobody(['check', 'processors/box_scores.py']);
    assert.equal(file.status, 2, file.stdout + file.stderr);
    assert.equal(file.stderr, 'processor-lens: cannot read file processors/box_scores.py (EACCES). Check its permissions, or leave it out.\n');

    chmodSync(join(workspace, 'processors', 'bdl'), 0o000);
    const below = asNobody(['check', '--format', 'json', 'processors']);
    const skipped = (JSON.parse(below.stdout) as JsonOutput).skipped;
    assert.deepEqual(skipped.map((entry) => entry.path), ['processors/bdl', 'processors/box_scores.py']);
    assert.match(skipped[0].reason, /^The folder cannot be read \(EACCES\)/);
  });
});

describe('check output pipe', () => {
  test('closed pipe ends quietly', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    const source = readFileSync(join(workspace, 'processors', 'box_scores.py'), 'utf8');
    mkdirSync(join(workspace, 'many'));
    for (let index = 0; index < 400; index++) {
      writeFileSync(join(workspace, 'many', `box_scores_${index}.py`), source.replace('BoxScoresProcessor', `BoxScores${index}Processor`));
    }
    const bin = join(REPO_ROOT, 'bin', 'processor-lens.js');
    const script = `"${process.execPath}" "${bin}" check many | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const run = spawnSync('bash', ['-c', script], { cwd: workspace, encoding: 'utf8', timeout: 120_000 });

    assert.match(run.stdout, /^many\/box_scores_\d+\.py:\d+:\d+: /);
    assert.match(run.stdout, /status=1\n$/);
    assert.doesNotMatch(run.stderr, /EPIPE/);
  });
});

describe('check colours', () => {
  test('FORCE_COLOR turns colours on', () => {
    const run = runCli(['check', 'sample-workspace'], { env: { FORCE_COLOR: '1' } });
    assert.match(run.stdout, /\u001b\[31merror\u001b\[39m/);
  });

  test('--no-color wins over FORCE_COLOR', () => {
    const run = runCli(['check', '--no-color', 'sample-workspace'], { env: { FORCE_COLOR: '1' } });
    assert.doesNotMatch(run.stdout, /\u001b\[/);
  });
});

describe('command-line errors', () => {
  test('--version and --help', () => {
    const version = runCli(['--version']);
    assert.equal(version.status, 0);
    assert.equal(version.stdout, `${CLI_VERSION}\n`);

    const help = runCli(['check', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: processor-lens check/);
  });

  test('no command prints usage and exits 2', () => {
    const run = runCli([]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^Usage: processor-lens/);
  });

  const usageCases: [string, string[], RegExp][] = [
    ['unknown command', ['chek'], /unknown command "chek"/],
    ['invalid format', ['check', '--format', 'xml'], /invalid --format "xml"\. Use one of: text, json, sarif\./],
    ['unknown rule', ['check', '--select', 'unset-after-wirte'], /unknown rule "unset-after-wirte" in --select/],
    ['invalid fail-on', ['check', '--fail-on', 'fatal'], /invalid --fail-on "fatal"/],
    ['unknown option', ['check', '--frmat=json'], /--frmat/],
    ['missing path', ['check', 'no/such/folder'], /path not found: no\/such\/folder\. Pass an existing Python file or folder\./],
    ['file that is not Python', ['check', 'README.md'], /not a Python file: README\.md\. Pass a \.py file or a folder\./],
  ];
  for (const [name, args, message] of usageCases) {
    test(`${name} exits 2`, () => {
      const run = runCli(args);
      assert.equal(run.status, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  test('invalid configuration exits 2', () => {
    const workspace = copyToTemp(SAMPLE_WORKSPACE);
    writeFileSync(join(workspace, 'pyproject.toml'), '[tool.processor-lens]\nfail-on = "fatal"\n');
    const run = runCli(['check', '.'], { cwd: workspace });

    assert.equal(run.status, 2);
    assert.match(run.stderr, /fail-on/);
    assert.match(run.stderr, /"fatal"/);
    assert.doesNotMatch(run.stderr, /internal error/);
  });
});
