"""Structured logs: one JSON object per line, time in UTC.

Only the fields named in FIELDS leave the process, so a `request` or a user object passed in a
log record's `extra` (Django does that) is never written out.
"""

import json
import logging
from datetime import UTC, datetime

FIELDS = (
    "event",
    "user_id",
    "plan_id",
    "object_type",
    "object_id",
    "reason",
    "method",
    "path",
    "status_code",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
