"""Writing the run's textfile metrics (``[run] metrics_file``), atomically, after each run.

The text comes from ``_core.metrics.render``; this reads the previous file
(for the last success time a failed run carries over) and replaces it with
a temp file, fsync and rename, so node_exporter never reads half a file. A
file that cannot be written is logged; it never fails the run.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from ._core.metrics import RunMetrics, last_success_of, render
from ._fs import write_atomically
from ._log import logger

__all__ = ["write_metrics"]


def write_metrics(path: Path, metrics: RunMetrics) -> bool:
    """Write ``metrics`` to ``path`` (a failed run keeps the previous file's last success); whether it worked."""
    if not metrics.success and metrics.last_success is None:
        try:
            earlier = last_success_of(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            earlier = None
        metrics = msgspec.structs.replace(metrics, last_success=earlier)
    try:
        write_atomically(path, render(metrics).encode(), 0o644)
    except OSError as exc:
        logger.warning("cannot write the metrics file %s: %s", path, exc.strerror or type(exc).__name__)
        return False
    return True
