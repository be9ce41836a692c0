"""Sources: the I/O shell that turns monitoring systems into observations.

- ``base``: the ``Source`` protocol and ``SourceContext``;
- ``registry``: the one table of kinds (kind -> module, imported on first use);
- ``fetch``: the one shared HTTP client policy (timeouts, bounded concurrency,
  ``Retry-After``, size caps) and fsspec reads for everything that is not HTTP;
- ``payload``: decoding source payloads into Structs with errors that say what was wrong;
- ``collect``: every source at once, inside the collection deadline;
- ``keys``: API keys read from the environment and kept out of messages;
- ``pace``: a request budget for APIs that ask for N requests a minute at most;
- one module per kind (``uptime_kuma``, ``betterstack``, ``prometheus``,
  ``restic``, ``borg``, ``object_listing``, ``uptimerobot``, ``healthchecks``,
  ``gatus``).

A new kind is a module here with ``Settings``, ``from_settings`` and
``MONITOR_KEY``, and one line in ``registry.KINDS``.
"""
