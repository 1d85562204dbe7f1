// Ordinary Python code for the generated tree: functions, methods and classes of the kind a
// data pipeline has around its processors. None of it writes rows or touches the stat, so it
// adds parsing and scanning work without adding findings.
import { KEY_FIELDS, NOUNS, NamePool, STAT_FIELDS, pascal } from './names';
import type { Random } from './random';

/** Standard-library modules a block uses; the module header imports them. */
export type StdImport =
  | 'collections'
  | 'dataclasses'
  | 'datetime'
  | 'enum'
  | 'json'
  | 'logging'
  | 'math'
  | 'os'
  | 'statistics'
  | 'time'
  | 'typing';

export interface Block {
  lines: string[];
  imports: StdImport[];
}

export interface BlockContext {
  random: Random;
  names: NamePool;
  /** True for a method: `self` is added to the signature. */
  method: boolean;
}

type BlockTemplate = (context: BlockContext) => Block;

function signature(context: BlockContext, name: string, params: string[]): string {
  const all = context.method ? ['self', ...params] : params;
  return `def ${name}(${all.join(', ')}):`;
}

function fields(random: Random, min: number, max: number): string[] {
  return random.sample(STAT_FIELDS, random.int(min, max));
}

const accumulateTotals: BlockTemplate = (context) => {
  const { random } = context;
  const group = random.pick(['team_abbr', 'player_id', 'game_id', 'bookmaker']);
  const stats = fields(random, 3, 9);
  const name = context.names.unique(`compute_${group.replace(/_id|_abbr/, '')}_totals`);
  const lines = [
    signature(context, name, ['rows', `min_minutes=${random.int(0, 12)}`]),
    `    """Sum per-${group} totals over the rows, skipping rows under \`\`min_minutes\`\`."""`,
    '    totals = {}',
    '    for row in rows:',
    `        key = row.get("${group}")`,
    '        if key is None:',
    '            continue',
    '        if float(row.get("minutes") or 0) < min_minutes:',
    '            continue',
    `        bucket = totals.setdefault(key, {${stats.map((field) => `"${field}": 0`).join(', ')}})`,
  ];
  for (const field of stats) {
    lines.push(`        bucket["${field}"] += float(row.get("${field}") or 0)`);
  }
  lines.push('    return totals');
  return { lines, imports: [] };
};

const parseNumber: BlockTemplate = (context) => {
  const { random } = context;
  const field = random.pick(STAT_FIELDS);
  const name = context.names.unique(`parse_${field}`);
  const lines = [
    signature(context, name, ['value', 'default=None']),
    `    """Read ${field.replace(/_/g, ' ')} from a feed value; \`\`default\`\` when it is blank or malformed."""`,
    '    if value is None or value == "":',
    '        return default',
    '    if isinstance(value, (int, float)):',
    '        return float(value)',
    '    text = str(value).strip()',
    '    if ":" in text:',
    '        try:',
    '            whole, _, fraction = text.partition(":")',
    '            return int(whole) + int(fraction or 0) / 60',
    '        except ValueError:',
    `            logger.debug("unparseable ${field} %r", value)`,
    '            return default',
    '    try:',
    '        return float(text.rstrip("%")) / (100 if text.endswith("%") else 1)',
    '    except ValueError:',
    `        logger.debug("unparseable ${field} %r", value)`,
    '        return default',
  ];
  return { lines, imports: ['logging'] };
};

const buildRecord: BlockTemplate = (context) => {
  const { random } = context;
  const noun = random.pick(NOUNS);
  const keys = random.sample(KEY_FIELDS, random.int(2, 5));
  const stats = fields(random, 3, 12);
  const name = context.names.unique(`build_${noun}_record`);
  const lines = [
    signature(context, name, ['raw', 'game_date']),
    `    """Map one raw ${noun} entry of the feed to a row of the target table."""`,
    '    return {',
  ];
  for (const key of keys) {
    const camel = key.replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase());
    lines.push(`        "${key}": str(raw.get("${camel}") or raw.get("${key}") or ""),`);
  }
  for (const field of stats) {
    lines.push(`        "${field}": raw.get("${field}"),`);
  }
  lines.push('        "game_date": game_date.isoformat(),');
  lines.push('        "processed_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),');
  lines.push('    }');
  return { lines, imports: ['datetime'] };
};

const validateRows: BlockTemplate = (context) => {
  const { random } = context;
  const required = random.sample(KEY_FIELDS, random.int(2, 4));
  const checked = random.pick(STAT_FIELDS);
  const name = context.names.unique(`validate_${random.pick(NOUNS)}_rows`);
  const lines = [
    signature(context, name, ['rows', `required=(${required.map((key) => `"${key}"`).join(', ')})`]),
    '    """Raise ValueError listing up to ten invalid rows; return the number of rows checked."""',
    '    errors = []',
    '    for index, row in enumerate(rows):',
    '        missing = [key for key in required if not row.get(key)]',
    '        if missing:',
    '            errors.append(f"row {index}: missing {\', \'.join(missing)}")',
    `        elif (row.get("${checked}") or 0) < 0:`,
    `            errors.append(f"row {index}: negative ${checked}")`,
    '    if errors:',
    '        raise ValueError("; ".join(errors[:10]))',
    '    return len(rows)',
  ];
  return { lines, imports: [] };
};

const selectSql: BlockTemplate = (context) => {
  const { random } = context;
  const columns = random.sample([...KEY_FIELDS, ...STAT_FIELDS], random.int(3, 8));
  const name = context.names.unique(`select_recent_${random.pick(NOUNS)}_sql`);
  const lines = [
    signature(context, name, ['dataset', 'table', `days=${random.int(3, 30)}`]),
    '    """SQL that reads the last ``days`` days of the table, newest first."""',
    '    return (',
    `        f"SELECT ${columns.join(', ')} "`,
    '        f"FROM `{dataset}.{table}` "',
    '        f"WHERE game_date >= DATE_SUB(CURRENT_DATE(), INTERVAL {days} DAY) "',
    `        "ORDER BY game_date DESC, ${columns[0]}"`,
    '    )',
  ];
  return { lines, imports: [] };
};

const iterDates: BlockTemplate = (context) => {
  const name = context.names.unique(`iter_${context.random.pick(['game', 'season', 'slate', 'report'])}_dates`);
  const lines = [
    signature(context, name, ['start', 'end', 'step_days=1']),
    '    """Yield each date from ``start`` to ``end`` inclusive."""',
    '    if step_days <= 0:',
    '        raise ValueError(f"step_days must be positive, got {step_days}")',
    '    current = start',
    '    while current <= end:',
    '        yield current',
    '        current += datetime.timedelta(days=step_days)',
  ];
  return { lines, imports: ['datetime'] };
};

const dedupeLatest: BlockTemplate = (context) => {
  const { random } = context;
  const keys = random.sample(KEY_FIELDS, 2);
  const name = context.names.unique(`dedupe_latest_${random.pick(NOUNS)}`);
  const lines = [
    signature(context, name, ['rows', `key_fields=("${keys[0]}", "${keys[1]}")`]),
    '    """Keep the most recently updated row of each key."""',
    '    latest = {}',
    '    for row in sorted(rows, key=lambda item: item.get("updated_at") or ""):',
    '        key = tuple(row.get(field) for field in key_fields)',
    '        latest[key] = row',
    '    return list(latest.values())',
  ];
  return { lines, imports: [] };
};

const fetchWithRetry: BlockTemplate = (context) => {
  const { random } = context;
  const name = context.names.unique(`fetch_${random.pick(NOUNS)}_with_retry`);
  const lines = [
    signature(context, name, ['session', 'url', `attempts=${random.int(2, 5)}`, 'backoff=1.5']),
    '    """GET ``url`` as JSON, retrying connection errors with exponential backoff."""',
    '    delay = 1.0',
    '    for attempt in range(1, attempts + 1):',
    '        try:',
    `            response = session.get(url, timeout=${random.pick([10, 20, 30, 60])})`,
    '            response.raise_for_status()',
    '            return response.json()',
    '        except (ConnectionError, TimeoutError) as exc:',
    '            logger.warning("attempt %d for %s failed: %s", attempt, url, exc)',
    '            if attempt == attempts:',
    '                raise',
    '            time.sleep(delay)',
    '            delay *= backoff',
    '    return None',
  ];
  return { lines, imports: ['logging', 'time'] };
};

const classifyStatus: BlockTemplate = (context) => {
  const name = context.names.unique(`classify_${context.random.pick(['game', 'injury', 'market', 'feed'])}_status`);
  const lines = [
    signature(context, name, ['status']),
    '    """Map the feed\'s free-text status to one of final, live, postponed or scheduled."""',
    '    match (status or "").strip().lower():',
    '        case "final" | "completed" | "closed":',
    '            return "final"',
    '        case "in progress" | "live" | "halftime":',
    '            return "live"',
    '        case "postponed" | "suspended" | "cancelled":',
    '            return "postponed"',
    '        case _:',
    '            return "scheduled"',
  ];
  return { lines, imports: [] };
};

const writeJsonl: BlockTemplate = (context) => {
  const name = context.names.unique(`write_${context.random.pick(NOUNS)}_jsonl`);
  const lines = [
    signature(context, name, ['path', 'rows']),
    '    """Write rows as JSON lines and return how many were written."""',
    '    count = 0',
    '    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)',
    '    with open(path, "w", encoding="utf-8") as handle:',
    '        for row in rows:',
    '            handle.write(json.dumps(row, sort_keys=True, default=str))',
    '            handle.write("\\n")',
    '            count += 1',
    '    return count',
  ];
  return { lines, imports: ['json', 'os'] };
};

const percentiles: BlockTemplate = (context) => {
  const { random } = context;
  const field = random.pick(STAT_FIELDS);
  const name = context.names.unique(`${field}_distribution`);
  const lines = [
    signature(context, name, ['rows', 'quantiles=(0.1, 0.5, 0.9)']),
    `    """Mean, standard deviation and quantiles of ${field.replace(/_/g, ' ')}; None when fewer than two rows have it."""`,
    `    values = sorted(float(row["${field}"]) for row in rows if row.get("${field}") is not None)`,
    '    if len(values) < 2:',
    '        return None',
    '    result = {"mean": statistics.fmean(values), "stdev": statistics.stdev(values)}',
    '    for quantile in quantiles:',
    '        position = quantile * (len(values) - 1)',
    '        lower = math.floor(position)',
    '        upper = math.ceil(position)',
    '        weight = position - lower',
    '        result[f"p{int(quantile * 100)}"] = values[lower] * (1 - weight) + values[upper] * weight',
    '    return result',
  ];
  return { lines, imports: ['math', 'statistics'] };
};

const groupBy: BlockTemplate = (context) => {
  const { random } = context;
  const key = random.pick(KEY_FIELDS);
  const name = context.names.unique(`group_by_${key}`);
  const lines = [
    signature(context, name, ['rows']),
    `    """Rows grouped by ${key}, each group in input order; rows without it are dropped."""`,
    '    groups = collections.defaultdict(list)',
    '    for row in rows:',
    `        value = row.get("${key}")`,
    '        if value in (None, ""):',
    '            continue',
    '        groups[value].append(row)',
    '    return dict(groups)',
  ];
  return { lines, imports: ['collections'] };
};

const nestedHelpers: BlockTemplate = (context) => {
  const { random } = context;
  const stat = random.pick(STAT_FIELDS);
  const name = context.names.unique(`rank_${random.pick(NOUNS)}s_by_${stat}`);
  const lines = [
    signature(context, name, ['rows', 'limit=10', 'reverse=True']),
    `    """Top rows by ${stat}, ties broken by player_id; rows without a value rank last."""`,
    '',
    '    def sort_key(row):',
    `        value = row.get("${stat}")`,
    '        if value is None:',
    '            return (1, 0.0, row.get("player_id") or "")',
    '        return (0, -float(value) if reverse else float(value), row.get("player_id") or "")',
    '',
    '    ranked = sorted(rows, key=sort_key)',
    '    return [dict(row, rank=index + 1) for index, row in enumerate(ranked[:limit])]',
  ];
  return { lines, imports: [] };
};

/** Returns a value on one path and falls off the end on the other, as lookups often do. */
const findFirst: BlockTemplate = (context) => {
  const { random } = context;
  const key = random.pick(KEY_FIELDS);
  const name = context.names.unique(`find_${random.pick(NOUNS)}_by_${key}`);
  const lines = [
    signature(context, name, ['rows', key]),
    `    """First row whose ${key} matches, or None."""`,
    '    for row in rows:',
    `        if row.get("${key}") == ${key}:`,
    '            return row',
  ];
  return { lines, imports: [] };
};

const TEMPLATES: BlockTemplate[] = [
  findFirst,
  accumulateTotals,
  parseNumber,
  buildRecord,
  validateRows,
  selectSql,
  iterDates,
  dedupeLatest,
  fetchWithRetry,
  classifyStatus,
  writeJsonl,
  percentiles,
  groupBy,
  nestedHelpers,
];

/** A random function (or method, in `context.method`) from the templates above. */
export function randomFunction(context: BlockContext): Block {
  return context.random.pick(TEMPLATES)(context);
}

/** Builds a dataclass model with conversion methods, as a models module holds. */
export function dataclassModel(random: Random, names: NamePool): Block {
  const className = pascal(names.unique(`${random.pick(NOUNS)}_${random.pick(NOUNS)}_${random.pick(['row', 'line', 'snapshot', 'entry'])}`));
  const keys = random.sample(KEY_FIELDS, random.int(2, 4));
  const stats = fields(random, 3, 14);
  const lines = [
    '@dataclasses.dataclass',
    `class ${className}:`,
    `    """One ${className.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} as stored in BigQuery."""`,
    '',
  ];
  for (const key of keys) lines.push(`    ${key}: str`);
  for (const field of stats) lines.push(`    ${field}: typing.Optional[float] = None`);
  lines.push(
    '    source: str = "unknown"',
    '',
    '    def to_row(self):',
    '        return dataclasses.asdict(self)',
    '',
    '    @classmethod',
    '    def from_row(cls, row):',
    '        known = {field.name for field in dataclasses.fields(cls)}',
    '        return cls(**{key: value for key, value in row.items() if key in known})',
    '',
    '    def is_complete(self):',
    `        return all(getattr(self, name) is not None for name in (${stats.slice(0, 3).map((field) => `"${field}"`).join(', ')}))`,
  );
  return { lines, imports: ['dataclasses', 'typing'] };
}

/** Builds an Enum of feed values, as a models or constants module holds. */
export function enumModel(random: Random, names: NamePool): Block {
  const className = pascal(names.unique(`${random.pick(NOUNS)}_${random.pick(['kind', 'status', 'source', 'phase'])}`));
  const members = random.sample(['REGULAR', 'PLAYOFFS', 'PRESEASON', 'ALL_STAR', 'PLAY_IN', 'FINAL', 'LIVE', 'SCHEDULED', 'POSTPONED', 'UNKNOWN', 'OPENING', 'CLOSING'], random.int(3, 8));
  const lines = [`class ${className}(enum.Enum):`, `    """Values the feeds use for ${className.toLowerCase()}."""`, ''];
  for (const member of members) lines.push(`    ${member} = "${member.toLowerCase()}"`);
  lines.push(
    '',
    '    @classmethod',
    '    def parse(cls, value):',
    '        try:',
    '            return cls(str(value).strip().lower())',
    '        except ValueError:',
    `            return cls.${members[members.length - 1]}`,
  );
  return { lines, imports: ['enum'] };
}

/**
 * A class with its own `save_data` that does not derive from a processor base, as exporters
 * and caches have: the analyzer must find and skip it.
 */
export function nonProcessorSaver(random: Random, names: NamePool): Block {
  const className = pascal(names.unique(`${random.pick(NOUNS)}_${random.pick(['exporter', 'cache', 'snapshot_writer'])}`));
  const lines = [
    `class ${className}:`,
    '    """Writes rows to a local JSON file; not a processor, so run history never sees it."""',
    '',
    '    def __init__(self, path):',
    '        self.path = path',
    '        self.rows = []',
    '        self.stats = {}',
    '',
    '    def add(self, row):',
    '        self.rows.append(row)',
    '',
    '    def save_data(self):',
    '        if not self.rows:',
    '            return',
    '        with open(self.path, "w", encoding="utf-8") as handle:',
    '            json.dump(self.rows, handle, default=str)',
    '        self.stats["rows_written"] = len(self.rows)',
  ];
  return { lines, imports: ['json'] };
}

/** Prefixes each non-empty line with `indent`. */
export function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => (line.length === 0 ? line : prefix + line));
}
