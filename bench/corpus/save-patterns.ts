// `save_data` bodies of generated processors: the save patterns of the sample workspace, each
// with the findings the analyzer contract predicts for it, so the benchmark can tell whether the
// checker did the full work on the generated tree.
import type { Random } from './random';

export type Rule = 'unset-after-write' | 'unset-without-write' | 'unset-on-raise';

export type FindingCounts = Record<Rule, number>;

export function noFindings(): FindingCounts {
  return { 'unset-after-write': 0, 'unset-without-write': 0, 'unset-on-raise': 0 };
}

export function addCounts(total: FindingCounts, more: Partial<FindingCounts>): void {
  for (const [rule, count] of Object.entries(more) as [Rule, number][]) total[rule] += count;
}

/** Module-level lines a pattern needs: imports (`import x` / `from x import y`) and definitions. */
export interface PatternOutput {
  /** Lines of the class body at 4-space indentation: `save_data` and its helper methods. */
  methods: string[];
  expected: Partial<FindingCounts>;
  imports: string[];
  /** Module-level definitions placed before the class, such as a NoReturn helper. */
  preamble: string[];
  /** Whether the pattern calls super().save_data(), so the base's save_data must be clean. */
  delegates: boolean;
}

export interface PatternContext {
  random: Random;
  /** Row noun used in log messages, for example "box score". */
  entity: string;
  /** Key column of the target table, used in MERGE conditions. */
  key: string;
}

type Pattern = (context: PatternContext) => PatternOutput;

function output(methods: string[], expected: Partial<FindingCounts>, extra: Partial<PatternOutput> = {}): PatternOutput {
  return { methods, expected, imports: [], preamble: [], delegates: false, ...extra };
}

const TABLE_ID = 'table_id = f"{self.dataset_id}.{self.table_name}"';

/** Success path only: the classic tracking bug (an early return and the end both miss the stat). */
const successOnly: Pattern = ({ entity }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      `            logger.info("no ${entity} rows to save")`,
      '            return',
      `        ${TABLE_ID}`,
      '        load_job = self.bq_client.load_table_from_json(rows, table_id)',
      '        load_job.result()',
      `        logger.info("loaded %d ${entity} rows", len(rows))`,
    ],
    { 'unset-after-write': 1, 'unset-without-write': 1 },
  );

const earlyReturnClean: Pattern = ({ entity }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            self.stats["rows_inserted"] = 0',
      '            return',
      '',
      '        try:',
      '            load_job = self.bq_client.load_table_from_json(rows, f"{self.dataset_id}.{self.table_name}")',
      '            load_job.result()',
      '            self.stats["rows_inserted"] = len(rows)',
      '        except Exception:',
      `            logger.exception("loading ${entity} rows failed")`,
      '            self.stats["rows_inserted"] = 0',
      '            raise',
    ],
    {},
  );

const stagingMergeBuggy: Pattern = ({ key }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            return',
      '        staging = f"{self.dataset_id}.{self.table_name}_staging"',
      '        self.bq_client.load_table_from_json(rows, staging).result()',
      '        sql = (',
      '            f"MERGE `{self.dataset_id}.{self.table_name}` t USING `{staging}` s "',
      `            "ON t.${key} = s.${key} WHEN NOT MATCHED THEN INSERT ROW"`,
      '        )',
      '        self.bq_client.query(sql).result()',
    ],
    { 'unset-after-write': 1, 'unset-without-write': 1 },
  );

const stagingMergeClean: Pattern = ({ key }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            self.stats["rows_inserted"] = 0',
      '            return',
      '        staging = f"{self.dataset_id}.{self.table_name}_staging"',
      '        self.bq_client.load_table_from_json(rows, staging).result()',
      '        job = self.bq_client.query(',
      '            f"MERGE `{self.dataset_id}.{self.table_name}` t USING `{staging}` s "',
      `            "ON t.${key} = s.${key} WHEN MATCHED THEN UPDATE SET t.updated_at = s.updated_at "`,
      '            "WHEN NOT MATCHED THEN INSERT ROW"',
      '        )',
      '        job.result()',
      '        self.stats["rows_inserted"] = job.num_dml_affected_rows or 0',
    ],
    {},
  );

/** MERGE through staging with a streaming-buffer guard that returns without the stat. */
export const streamingBufferBuggy: Pattern = ({ key, entity }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            return {"rows_processed": 0, "errors": []}',
      '',
      `        ${TABLE_ID}`,
      '        temp_table_id = f"{table_id}_staging"',
      '        try:',
      '            self.bq_client.load_table_from_json(rows, temp_table_id).result()',
      '            merge_sql = f"""',
      '                MERGE `{table_id}` AS target',
      '                USING `{temp_table_id}` AS source',
      `                ON target.${key} = source.${key}`,
      '                WHEN MATCHED THEN UPDATE SET updated_at = source.updated_at',
      '                WHEN NOT MATCHED THEN INSERT ROW',
      '            """',
      '            self.bq_client.query(merge_sql).result()',
      `            logger.info("merged %d ${entity} rows into %s", len(rows), table_id)`,
      '            return {"rows_processed": len(rows), "errors": []}',
      '        except Exception as exc:',
      '            if "streaming buffer" in str(exc).lower():',
      '                logger.warning("merge blocked by the streaming buffer; retrying next run")',
      '                return {"rows_processed": 0, "skipped": True}',
      '            logger.error("merge failed: %s", exc)',
      '            raise',
    ],
    { 'unset-after-write': 2, 'unset-without-write': 1, 'unset-on-raise': 1 },
  );

const streamingBufferClean: Pattern = ({ key, entity }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            self.stats["rows_inserted"] = 0',
      '            return',
      `        ${TABLE_ID}`,
      '        temp_table_id = f"{table_id}_staging"',
      '        try:',
      '            self.bq_client.load_table_from_json(rows, temp_table_id).result()',
      '            self.bq_client.query(',
      '                f"MERGE `{table_id}` AS target USING `{temp_table_id}` AS source "',
      `                "ON target.${key} = source.${key} WHEN NOT MATCHED THEN INSERT ROW"`,
      '            ).result()',
      '            self.stats["rows_inserted"] = len(rows)',
      '        except Exception as exc:',
      '            self.stats["rows_inserted"] = 0',
      '            if "streaming buffer" in str(exc).lower():',
      `                logger.warning("${entity} merge blocked by the streaming buffer")`,
      '                return',
      '            raise',
    ],
    {},
  );

const finallyClean: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        inserted = 0',
      '        try:',
      '            rows = self.transformed_data',
      '            if not rows:',
      '                return',
      '            errors = self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", rows)',
      '            if errors:',
      '                raise RuntimeError(f"insert failed: {errors[:3]}")',
      '            inserted = len(rows)',
      '        finally:',
      '            self.stats["rows_inserted"] = inserted',
    ],
    {},
  );

const helperClean: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            self._record_count(0)',
      '            return',
      '        self._load(rows)',
      '',
      '    def _load(self, rows):',
      '        job = self.bq_client.load_table_from_json(rows, f"{self.dataset_id}.{self.table_name}")',
      '        job.result()',
      '        self._record_count(len(rows))',
      '',
      '    def _record_count(self, count):',
      '        self.stats["rows_inserted"] = count',
    ],
    {},
  );

const helperEarlyReturn: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            self.stats["rows_inserted"] = 0',
      '            return',
      '        self._load(rows)',
      '',
      '    def _load(self, rows):',
      '        job = self.bq_client.load_table_from_json(rows, f"{self.dataset_id}.{self.table_name}")',
      '        job.result()',
      '        if job.errors:',
      '            logger.error("load finished with errors: %s", job.errors[:3])',
      '            return',
      '        self.stats["rows_inserted"] = len(rows)',
    ],
    { 'unset-after-write': 1 },
  );

const superDelegation: Pattern = ({ key }) =>
  output(
    [
      '    def save_data(self):',
      `        self.transformed_data = [row for row in self.transformed_data if row.get("${key}")]`,
      '        return super().save_data()',
    ],
    {},
    { delegates: true },
  );

const superDelegationDryRun: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        if self.opts.get("dry_run"):',
      '            logger.info("dry run: %d rows not saved", len(self.transformed_data))',
      '            return',
      '        super().save_data()',
    ],
    { 'unset-without-write': 1 },
    { delegates: true },
  );

const neverReturns: Pattern = ({ random }) => {
  const branches = random.sample(
    [
      ['abort("load finished with errors in strict mode")', 'strict'],
      ['sys.exit(2)', 'exit_on_error'],
      ['os._exit(3)', 'kill_on_error'],
    ] as const,
    random.int(1, 3),
  );
  const methods = [
    '    def save_data(self):',
    '        rows = self.transformed_data',
    '        job = self.bq_client.load_table_from_json(rows, f"{self.dataset_id}.{self.table_name}")',
    '        job.result()',
  ];
  branches.forEach(([call, option], index) => {
    methods.push(`        ${index === 0 ? 'if' : 'elif'} job.errors and self.opts.get("${option}"):`);
    methods.push(`            ${call}`);
  });
  methods.push(
    '        elif job.errors:',
    '            self._fail(f"load finished with errors: {job.errors[:3]}")',
    '        else:',
    '            self.stats["rows_inserted"] = len(rows)',
    '',
    '    def _fail(self, reason):',
    '        logger.error(reason)',
    '        raise RuntimeError(reason)',
  );
  return output(methods, { 'unset-on-raise': branches.length + 1 }, {
    imports: ['import os', 'import sys', 'from typing import NoReturn'],
    preamble: [
      'def abort(message: str) -> NoReturn:',
      '    logger.critical(message)',
      '    raise SystemExit(1)',
    ],
  });
};

const assertFalse: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", rows)',
      '        if rows:',
      '            self.stats["rows_inserted"] = len(rows)',
      '        else:',
      '            assert False, "insert_rows_json accepted an empty batch"',
    ],
    { 'unset-on-raise': 1 },
  );

const statForms: Pattern = ({ random }) => {
  const form = random.pick(['update-keyword', 'update-dict', 'alias', 'merge-operator', 'accumulate'] as const);
  switch (form) {
    case 'update-keyword':
      return output(
        [
          '    def save_data(self):',
          '        self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", self.transformed_data)',
          '        self.stats.update(rows_inserted=len(self.transformed_data), rows_failed=0)',
        ],
        {},
      );
    case 'update-dict':
      return output(
        [
          '    def save_data(self):',
          '        self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", self.transformed_data)',
          '        self.stats.update({"rows_inserted": len(self.transformed_data)})',
        ],
        {},
      );
    case 'alias':
      return output(
        [
          '    def save_data(self):',
          '        stats = self.stats',
          '        self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", self.transformed_data)',
          "        stats['rows_inserted'] = len(self.transformed_data)",
        ],
        {},
      );
    case 'merge-operator':
      return output(
        [
          '    def save_data(self):',
          '        self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", self.transformed_data)',
          '        self.stats |= {"rows_inserted": len(self.transformed_data)}',
        ],
        {},
      );
    case 'accumulate':
      return output(
        [
          '    def save_data(self):',
          '        self.stats["rows_inserted"] = 0',
          '        for batch in self._batches():',
          '            errors = self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", batch)',
          '            if errors:',
          '                return',
          '            self.stats["rows_inserted"] += len(batch)',
          '',
          '    def _batches(self):',
          '        rows = self.transformed_data',
          '        return [rows[i:i + 500] for i in range(0, len(rows), 500)]',
        ],
        {},
      );
  }
};

const retryWhileElse: Pattern = ({ entity }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        attempt = 0',
      '        while attempt < 3:',
      '            attempt += 1',
      '            job = self.bq_client.load_table_from_json(rows, f"{self.dataset_id}.{self.table_name}")',
      '            job.result()',
      '            if not job.errors:',
      '                self.stats["rows_inserted"] = len(rows)',
      '                break',
      '        else:',
      `            logger.error("${entity} load failed three times")`,
      '            return',
      `        logger.info("loaded ${entity} rows")`,
    ],
    { 'unset-after-write': 1 },
  );

const matchSeason: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        match self.opts.get("season_type"):',
      '            case "preseason":',
      '                logger.info("preseason rows are not stored")',
      '                return',
      '            case "regular" | "playoffs":',
      '                self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", rows)',
      '                self.stats["rows_inserted"] = len(rows)',
      '            case _:',
      '                raise ValueError("unknown season type")',
    ],
    { 'unset-without-write': 1 },
  );

const typoKey: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", rows)',
      '        self.stats["rows_insterted"] = len(rows)',
    ],
    { 'unset-after-write': 1 },
  );

const dmlFromHelper: Pattern = ({ key }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      '            self.stats["rows_inserted"] = 0',
      '            return',
      '        sql = self._delete_statement(rows)',
      '        job = self.bq_client.query(sql)',
      '        job.result()',
      '        return job.num_dml_affected_rows',
      '',
      '    def _delete_statement(self, rows):',
      `        ids = ", ".join(f"'{row['${key}']}'" for row in rows)`,
      `        return f"DELETE FROM \`{self.dataset_id}.{self.table_name}\` WHERE ${key} IN ({ids})"`,
    ],
    { 'unset-after-write': 1 },
  );

const suppressedSkip: Pattern = ({ entity }) =>
  output(
    [
      '    def save_data(self):',
      '        rows = self.transformed_data',
      '        if not rows:',
      `            return  # processor-lens: ignore[unset-without-write] no ${entity} rows on off days`,
      '        self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", rows)',
      '        self.stats["rows_inserted"] = len(rows)',
    ],
    {},
  );

const withLockReturn: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        def keep(row):',
      '            if row.get("team_id") is None:',
      '                return False',
      '            return True',
      '',
      '        rows = sorted(filter(keep, self.transformed_data), key=lambda row: row["player_id"])',
      '        with _write_lock:',
      '            job = self.bq_client.load_table_from_json(rows, f"{self.dataset_id}.{self.table_name}")',
      '            job.result()',
      '            if job.errors:',
      '                return',
      '        self.stats["rows_inserted"] = len(rows)',
    ],
    { 'unset-after-write': 1 },
    { imports: ['import threading'], preamble: ['_write_lock = threading.Lock()'] },
  );

const walrusClean: Pattern = () =>
  output(
    [
      '    def save_data(self):',
      '        if not (rows := self.transformed_data):',
      '            self.stats["rows_inserted"] = 0',
      '            return',
      '        if (errors := self.bq_client.insert_rows_json(f"{self.dataset_id}.{self.table_name}", rows)):',
      '            logger.error(f"{len(errors)} rows failed")',
      '            self.stats["rows_inserted"] = len(rows) - len(errors)',
      '            return',
      '        self.stats["rows_inserted"] = len(rows)',
    ],
    {},
  );

/** Relative frequency of each pattern among processors that define their own `save_data`. */
export const PATTERN_WEIGHTS = {
  successOnly: 10,
  earlyReturnClean: 12,
  stagingMergeBuggy: 5,
  stagingMergeClean: 8,
  streamingBufferBuggy: 6,
  streamingBufferClean: 6,
  finallyClean: 5,
  helperClean: 5,
  helperEarlyReturn: 4,
  superDelegation: 5,
  superDelegationDryRun: 3,
  neverReturns: 4,
  assertFalse: 2,
  statForms: 8,
  retryWhileElse: 3,
  matchSeason: 3,
  typoKey: 2,
  dmlFromHelper: 3,
  suppressedSkip: 3,
  withLockReturn: 2,
  walrusClean: 3,
} as const;

export type PatternName = keyof typeof PATTERN_WEIGHTS;

export const PATTERNS: Record<PatternName, Pattern> = {
  successOnly,
  earlyReturnClean,
  stagingMergeBuggy,
  stagingMergeClean,
  streamingBufferBuggy,
  streamingBufferClean,
  finallyClean,
  helperClean,
  helperEarlyReturn,
  superDelegation,
  superDelegationDryRun,
  neverReturns,
  assertFalse,
  statForms,
  retryWhileElse,
  matchSeason,
  typoKey,
  dmlFromHelper,
  suppressedSkip,
  withLockReturn,
  walrusClean,
};
