"""Finding sensitive values in strings that are about to leave the process. Pure.

- ``normalise``: text as the detectors read it (NFKC, no invisible
  characters, look-alike letters as ASCII, ``%XX`` decoded), with the way
  back to the original;
- ``names``: whether a name says its value is a secret (``DB_PASSWORD``,
  ``x-api-key``, ``Passwort``, ``mot de passe``);
- ``values``: whether a value is a placeholder, a plain setting, or reads
  like a credential;
- ``entropy``: whether a token reads like a generated credential;
- ``detectors``: the named detectors (``DETECTORS``), in scanning order;
- ``known``: ``KnownSecrets``, configured secret values masked by value;
- ``scan``: ``scan_text``/``scan_value``/``scan_output`` report findings with
  a JSON path, ``redact_text`` masks secrets in log lines and messages;
- ``urls``: ``mask_url``, a URL safe to print, and ``url_secrets``.
"""

from __future__ import annotations

from .detectors import DETECTORS, Detector, detector_names
from .entropy import looks_random
from .known import KnownSecrets
from .scan import Finding, mask, redact_text, scan_output, scan_text, scan_value
from .urls import mask_url, url_secrets

__all__ = [
    "DETECTORS",
    "Detector",
    "Finding",
    "KnownSecrets",
    "detector_names",
    "looks_random",
    "mask",
    "mask_url",
    "redact_text",
    "scan_output",
    "scan_text",
    "scan_value",
    "url_secrets",
]
