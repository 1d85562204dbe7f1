"""Rolling player averages: rebuilt by the base class, unless upstream data is incomplete."""
import logging

from pipeline.precompute_base import PrecomputeProcessorBase

logger = logging.getLogger(__name__)


class PlayerRollingAveragesProcessor(PrecomputeProcessorBase):
    processor_type = "player_rolling_averages"
    table_name = "player_rolling_averages"

    def save_data(self):
        if self.opts.get("backfill") and not self._upstream_complete():
            logger.warning("upstream analytics incomplete for %s; skipping", self.opts["analysis_date"])
            return  # expect: unset-without-write fix: self.stats["rows_inserted"] = 0
        super().save_data()

    def _upstream_complete(self):
        sql = (
            "SELECT COUNT(DISTINCT game_id) AS games FROM `nba_analytics.player_game_summary` "
            f"WHERE game_date = '{self.opts['analysis_date']}'"
        )
        return list(self.bq_client.query(sql).result())[0].games > 0
