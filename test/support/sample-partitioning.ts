// Partitioning fields of the sample dataset's tables, as BigQuery would report them in
// tables.get. nba_raw.bdl_injuries is left out on purpose: its date column then comes from
// [tool.processor-lens.processors.bdl_injury_report] in the sample's pyproject.toml.
const GAME_DATE_TABLES = [
  'nba_raw.player_box_scores',
  'nba_raw.espn_scoreboard',
  'nba_raw.player_boxscores',
  'nba_raw.odds_api_player_props',
  'nba_raw.odds_api_line_history',
  'nba_raw.schedule',
  'nba_raw.keyword_updates',
  'nba_raw.gamebook',
  'nba_precompute.team_pace_features',
  'nba_analytics.player_game_summary',
  'nba_reference.nba_schedule',
  'nba_raw.odds_game_lines',
  'nba_raw.odds_player_props',
  'nba_raw.scoreboard',
  'nba_raw.standings',
  'nba_raw.play_by_play',
  'nba_raw.games',
  'nba_raw.team_box_scores',
  'nba_raw.lineups',
  'nba_raw.pitcher_lines',
  'nba_raw.schedule_backfill',
  'nba_raw.tabs',
  'nba_raw.dict_updates',
  'nba_precompute.player_rolling_averages',
  'nba_analytics.team_defense_game_summary',
];

export const SAMPLE_PARTITIONING: Record<string, string> = {
  'nba_reference.processor_run_history': 'data_date',
  'nba_reference.nba_players_registry': 'snapshot_date',
  'nba_raw.accumulated_stats': 'stat_date',
  'nba_raw.injuries': 'report_date',
  'nba_raw.team_standings': 'standings_date',
  'nba_raw.rosters': 'roster_date',
  'nba_raw.reference_data': 'load_date',
  'nba_raw.archive': 'archive_date',
  'nba_raw.draft': 'pick_date',
  'nba_raw.alias_stats': 'stat_date',
  ...Object.fromEntries(GAME_DATE_TABLES.map((table) => [table, 'game_date'])),
};
