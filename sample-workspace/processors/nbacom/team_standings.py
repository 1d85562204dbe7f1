"""NBA.com standings: loaded into a staging table, then merged into the target."""
import logging

from google.cloud import bigquery

from pipeline.processor_base import ProcessorBase

logger = logging.getLogger(__name__)


class NbacomStandingsProcessor(ProcessorBase):
    processor_type = "nbacom_standings"
    project_id = "nba-props-platform"
    dataset_id = "nba_raw"
    table_name = "team_standings"

    def save_data(self):
        rows = [row for row in self.transformed_data if row.get("team_id")]
        if len(rows) < 30:
            logger.warning("expected 30 teams, got %d; not saving a partial table", len(rows))
            return  # expect: unset-without-write fix: self.stats["rows_inserted"] = 0

        target = f"{self.project_id}.{self.dataset_id}.{self.table_name}"
        staging = f"{target}_staging"
        try:
            load_job = self.bq_client.load_table_from_json(rows, staging, job_config=self._staging_config())
            load_job.result()
            merge = self.bq_client.query(
                f"""
                MERGE `{target}` AS t
                USING `{staging}` AS s
                ON t.team_id = s.team_id AND t.season = s.season
                WHEN MATCHED THEN UPDATE SET wins = s.wins, losses = s.losses
                WHEN NOT MATCHED THEN INSERT ROW
                """
            )
            merge.result()
            self.stats["rows_inserted"] = merge.num_dml_affected_rows
        finally:
            self.bq_client.delete_table(staging, not_found_ok=True)

    def _staging_config(self):
        return bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE")
