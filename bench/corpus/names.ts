// Vocabulary of the generated code base: a sports-data pipeline like the sample workspace.
import type { Random } from './random';

export const SPORTS = ['nba', 'mlb', 'nfl', 'nhl', 'wnba', 'ncaab'] as const;

export const SOURCES = [
  'nbacom', 'espn', 'balldontlie', 'oddsapi', 'bettingpros', 'bigdataball',
  'basketball_ref', 'pbpstats', 'sportradar', 'rotowire', 'numberfire', 'fantasypros',
] as const;

export const ENTITIES = [
  'box_scores', 'player_props', 'game_lines', 'injuries', 'rosters', 'schedule', 'standings',
  'play_by_play', 'gamebook', 'lineups', 'team_stats', 'player_stats', 'shot_chart', 'officials',
  'transactions', 'draft_picks', 'awards', 'salaries', 'depth_charts', 'projections',
  'boxscore_advanced', 'hustle_stats', 'tracking', 'matchups', 'referee_assignments', 'venues',
  'travel', 'betting_splits', 'scoreboard', 'team_ratings', 'player_usage', 'rest_days',
  'closing_lines', 'live_odds', 'pace', 'four_factors', 'clutch_stats', 'rotations',
] as const;

export const NOUNS = [
  'player', 'team', 'game', 'season', 'score', 'line', 'prop', 'market', 'book', 'row', 'record',
  'batch', 'event', 'period', 'minute', 'quarter', 'possession', 'shot', 'rebound', 'assist',
  'turnover', 'foul', 'roster', 'injury', 'status', 'window', 'cutoff', 'threshold', 'payload',
  'response', 'page', 'cursor', 'offset', 'field', 'partition', 'bucket', 'blob', 'prefix',
  'source', 'target', 'job', 'result', 'summary', 'metric', 'total', 'ratio', 'delta', 'rank',
  'spread', 'total_line', 'moneyline', 'usage', 'rating', 'streak', 'venue', 'official',
] as const;

export const VERBS = [
  'build', 'parse', 'normalize', 'validate', 'merge', 'collect', 'compute', 'extract', 'resolve',
  'format', 'fetch', 'filter', 'group', 'summarize', 'score', 'rank', 'dedupe', 'split',
  'flatten', 'convert', 'apply', 'check', 'ensure', 'select', 'map', 'coerce', 'clean',
  'enrich', 'aggregate', 'reconcile', 'index', 'partition',
] as const;

export const STAT_FIELDS = [
  'points', 'rebounds', 'assists', 'steals', 'blocks', 'turnovers', 'fouls', 'minutes',
  'field_goals_made', 'field_goals_attempted', 'three_pointers_made', 'three_pointers_attempted',
  'free_throws_made', 'free_throws_attempted', 'offensive_rebounds', 'defensive_rebounds',
  'plus_minus', 'possessions', 'usage_rate', 'true_shooting', 'pace', 'line_value', 'over_price',
  'under_price', 'home_spread', 'away_spread', 'total_points', 'win_probability',
] as const;

export const KEY_FIELDS = [
  'game_id', 'player_id', 'team_id', 'season_year', 'game_date', 'bookmaker', 'market_key',
  'event_id', 'official_id', 'venue_id', 'player_lookup', 'team_abbr', 'opponent_abbr',
] as const;

export const DATASETS = ['nba_raw', 'nba_analytics', 'nba_precompute', 'nba_reference', 'mlb_raw', 'odds_raw'] as const;

export function pascal(snake: string): string {
  return snake
    .split('_')
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** Draws names from a vocabulary, adding a numeric suffix when a name is already taken. */
export class NamePool {
  private readonly taken = new Set<string>();

  /** `base`, or `base_v2`, `base_v3`... (`BaseV2` for a PascalCase class name) when it is taken. */
  unique(base: string): string {
    if (!this.taken.has(base)) {
      this.taken.add(base);
      return base;
    }
    const separator = /^[A-Z]/.test(base) ? 'V' : '_v';
    for (let suffix = 2; ; suffix++) {
      const candidate = `${base}${separator}${suffix}`;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
  }

  /** A snake_case function name such as `normalize_player_minutes`. */
  functionName(random: Random): string {
    const first = random.pick(NOUNS);
    const second = random.pick(NOUNS);
    const object = first === second ? first : `${first}_${second}`;
    return this.unique(`${random.pick(VERBS)}_${object}`);
  }
}
