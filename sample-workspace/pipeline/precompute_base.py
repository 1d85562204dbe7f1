"""Base class of the precompute processors, which rebuild one date partition of a feature table."""
from google.cloud import bigquery

from pipeline.run_history import RunHistoryMixin


class PrecomputeProcessorBase(RunHistoryMixin):
    dataset_id = "nba_precompute"
    table_name = ""

    def __init__(self):
        self.stats = {}
        self.opts = {}
        self.bq_client = None
        self.transformed_data = []

    def run(self, opts=None):
        self.opts = opts or {}
        self.stats = {}
        self.calculate_precompute()
        self.save_data()
        self.record_run_complete("success", self.stats.get("rows_inserted", 0))

    def calculate_precompute(self):
        pass

    def save_data(self):
        rows = self.transformed_data
        if not rows:
            self.stats["rows_inserted"] = 0
            return
        self._replace_partition(rows)
        self.stats["rows_inserted"] = len(rows)

    def _replace_partition(self, rows):
        partition = self.opts["analysis_date"].replace("-", "")
        table_id = f"{self.dataset_id}.{self.table_name}${partition}"
        job_config = bigquery.LoadJobConfig(write_disposition="WRITE_TRUNCATE")
        self.bq_client.load_table_from_json(rows, table_id, job_config=job_config).result()
