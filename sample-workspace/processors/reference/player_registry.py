"""Player registry: keeps the previous version of the table, then reloads it."""
import logging
from contextlib import suppress

from google.api_core.exceptions import NotFound
from google.cloud import bigquery

from pipeline.processor_base import ProcessorBase

logger = logging.getLogger(__name__)


class PlayerRegistryProcessor(ProcessorBase):
    processor_type = "player_registry"
    dataset_id = "nba_reference"
    table_name = "nba_players_registry"

    def save_data(self):
        if self.opts.get("dry_run"):
            logger.info("dry run: %d registry rows not written", len(self.transformed_data))
            return  # processor-lens: ignore[unset-without-write] a dry run records zero rows on purpose

        table_id = f"{self.dataset_id}.{self.table_name}"
        with suppress(NotFound):
            self.bq_client.delete_table(f"{table_id}_previous")
        self.bq_client.copy_table(table_id, f"{table_id}_previous").result()

        job_config = bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE")
        job = self.bq_client.load_table_from_json(self.transformed_data, table_id, job_config=job_config)
        job.result()
        self.stats["rows_inserted"] = job.output_rows
