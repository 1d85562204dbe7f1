"""Ball Don't Lie injury report: skips a report it loaded before, then loads from a file."""
# expect-none
import json
import logging
import tempfile

from google.cloud import bigquery

from pipeline.processor_base import ProcessorBase

logger = logging.getLogger(__name__)


class BdlInjuryReportProcessor(ProcessorBase):
    processor_type = "bdl_injury_report"
    dataset_id = "nba_raw"
    table_name = "bdl_injuries"

    def save_data(self):
        rows = self.transformed_data
        report_id = self.opts.get("report_id")
        if self._report_already_loaded(report_id):
            logger.info("injury report %s is already loaded", report_id)
            self.stats["rows_inserted"] = 0
            self.stats["skipped_duplicate"] = True
            return

        job_config = bigquery.LoadJobConfig(source_format=bigquery.SourceFormat.NEWLINE_DELIMITED_JSON)
        with tempfile.NamedTemporaryFile("w+b", suffix=".ndjson") as handle:
            for row in rows:
                handle.write(json.dumps(row).encode() + b"\n")
            handle.seek(0)
            job = self.bq_client.load_table_from_file(handle, f"{self.dataset_id}.{self.table_name}", job_config=job_config)
            job.result()
        self.stats["rows_inserted"] = job.output_rows

    def _report_already_loaded(self, report_id):
        sql = f"SELECT 1 FROM `{self.dataset_id}.{self.table_name}` WHERE report_id = @report_id LIMIT 1"
        config = bigquery.QueryJobConfig(
            query_parameters=[bigquery.ScalarQueryParameter("report_id", "STRING", report_id)]
        )
        return any(True for _ in self.bq_client.query(sql, job_config=config).result())
