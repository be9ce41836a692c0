"""Sources: the I/O shell that turns monitoring systems into observations.

- ``base``: the ``Source`` protocol and ``SourceContext``;
- ``registry``: the one table of kinds (kind -> module, imported on first use);
- ``fetch``: the one shared HTTP client policy (timeouts, bounded concurrency,
  ``Retry-After``, size caps) and fsspec reads for everything that is not HTTP;
- ``payload``: decoding source payloads into Structs with errors that say what was wrong;
- ``collect``: every source at once, inside the collection deadline;
- one module per kind (``uptime_kuma``, ``betterstack``, ``prometheus``,
  ``restic``, ``borg``, ``object_listing``).

A new kind is a module here with ``Settings`` and ``from_settings``, and one
line in ``registry.KINDS``.
"""
