"""Finding sensitive values in strings that are about to leave the process. Pure.

- ``detectors``: the named detectors (``DETECTORS``), in scanning order;
- ``entropy``: whether a token reads like a generated credential;
- ``scan``: ``scan_text``/``scan_value``/``scan_output`` report findings with
  a JSON path, ``redact_text`` masks secrets in log lines and messages;
- ``urls``: ``mask_url``, a URL safe to print.
"""

from __future__ import annotations

from .detectors import DETECTORS, Detector, detector_names
from .entropy import looks_random
from .scan import Finding, mask, redact_text, scan_output, scan_text, scan_value
from .urls import mask_url

__all__ = [
    "DETECTORS",
    "Detector",
    "Finding",
    "detector_names",
    "looks_random",
    "mask",
    "mask_url",
    "redact_text",
    "scan_output",
    "scan_text",
    "scan_value",
]
