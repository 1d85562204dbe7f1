"""Team pace features: deletes the date, then inserts the rebuilt rows in batches."""
import logging

from pipeline.precompute_base import PrecomputeProcessorBase

logger = logging.getLogger(__name__)


class TeamPaceFeaturesProcessor(PrecomputeProcessorBase):
    processor_type = "team_pace_features"
    table_name = "team_pace_features"

    def save_data(self):  # expect-end: unset-after-write
        analysis_date = self.opts["analysis_date"]
        table_id = f"{self.dataset_id}.{self.table_name}"
        self.bq_client.query(f"DELETE FROM `{table_id}` WHERE analysis_date = '{analysis_date}'").result()

        rows = [dict(features, team_id=team_id) for team_id, features in self.transformed_data.items()]
        for start in range(0, len(rows), 1000):
            batch = rows[start:start + 1000]
            if not batch:
                continue
            self.bq_client.insert_rows_json(table_id, batch)
        logger.info("rebuilt pace features for %s", analysis_date)
