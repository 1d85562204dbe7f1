"""Odds API player props: writes the current props and a history of line moves, two tables."""
import logging

from pipeline.processor_base import ProcessorBase

logger = logging.getLogger(__name__)


class OddsApiPropsProcessor(ProcessorBase):
    """The stat counts the props table; the history table has its own stat."""

    processor_type = "odds_api_player_props"
    project_id = "nba-props-platform"
    dataset_id = "nba_raw"
    table_name = "nba_raw.odds_api_player_props"
    history_table_name = "nba_raw.odds_api_line_history"

    def save_data(self):
        props = self.transformed_data
        moves = [row for row in props if row.get("line_moved")]

        errors = self.bq_client.insert_rows_json(self.table_name, props)
        if errors:
            logger.error("props insert failed: %s", errors[:3])
            self.stats["rows_inserted"] = 0
            return

        if moves:
            history_errors = self.bq_client.insert_rows_json(self.history_table_name, moves)
            if history_errors:
                logger.error("line history insert failed: %s", history_errors[:3])
                return {"rows_inserted": len(props), "history_failed": True}  # expect: unset-after-write fix: self.stats["rows_inserted"] = len(props)

        self.stats["rows_inserted"] = len(props)
        self.stats["history_rows_inserted"] = len(moves)
