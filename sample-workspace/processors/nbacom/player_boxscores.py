"""NBA.com player box scores: batch inserts, skipped when the same payload was loaded before."""
import hashlib
import json
import logging

from pipeline.processor_base import ProcessorBase

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


class NbacomPlayerBoxscoreProcessor(ProcessorBase):
    """Loads one game date of box scores in batches of BATCH_SIZE rows."""

    processor_type = "nbacom_player_boxscores"
    project_id = "nba-props-platform"
    dataset_id = "nba_raw"
    table_name = "nba_raw.player_boxscores"

    def save_data(self):
        rows = self.transformed_data
        if not rows:
            logger.info("no box scores for %s", self.opts.get("date"))
            self.stats["rows_inserted"] = 0
            return

        payload_hash = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
        if self._already_loaded(payload_hash):
            logger.info("payload %s is already loaded; skipping", payload_hash[:12])
            return  # expect: unset-without-write fix: self.stats["rows_inserted"] = 0

        loaded = 0
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start:start + BATCH_SIZE]
            errors = self.bq_client.insert_rows_json(self.table_name, batch)
            if errors:
                logger.error("batch at row %d failed: %s", start, errors[:3])
                return {"rows_loaded": loaded, "errors": errors}  # expect: unset-after-write fix: self.stats["rows_inserted"] = loaded
            loaded += len(batch)

        self.stats["rows_inserted"] = loaded

    def _already_loaded(self, payload_hash):
        query = (
            f"SELECT COUNT(*) AS n FROM `{self.project_id}.{self.table_name}` "
            f"WHERE game_date = '{self.opts.get('date')}' AND payload_hash = '{payload_hash}'"
        )
        return list(self.bq_client.query(query).result())[0].n > 0
