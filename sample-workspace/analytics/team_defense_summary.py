"""Team defense summary: one dataframe load per season, stopping at the first failed season."""
import logging

from pipeline.analytics_base import AnalyticsProcessorBase

logger = logging.getLogger(__name__)


class TeamDefenseSummaryProcessor(AnalyticsProcessorBase):
    processor_type = "team_defense_game_summary"
    table_name = "team_defense_game_summary"

    def save_data(self):  # expect-end: unset-after-write
        total = 0
        for season, frame in self._frames_by_season().items():
            if frame.empty:
                continue
            job = self.bq_client.load_table_from_dataframe(frame, f"{self.dataset_id}.{self.table_name}")
            job.result()
            if job.errors:
                logger.error("season %s failed: %s", season, job.errors[:3])
                break
            total += len(frame)
        else:
            self.stats.update(rows_inserted=total)
            return
        logger.warning("stopped after a failed season; %d rows loaded", total)

    def _frames_by_season(self):
        frame = self.transformed_data
        return {season: group for season, group in frame.groupby("season")}
