"""Change notifications: ``[[notify]]`` targets told what changed on the status page.

A publish run whose conditional write replaced a document compares it with
the one it wrote (``_core.changes``) and, when something changed, sends one
message to every ``[[notify]]`` target:

- ``base``: ``Message`` (what one run announces), the ``Notifier`` protocol
  and ``Delivery`` (one prepared message: the text people will read, and how
  to send it once);
- ``registry``: the one table of kinds (kind -> module, imported on first use);
- ``webhook``, ``slack``, ``discord``, ``smtp``: one module per kind;
- ``deliver``: the leak scan of every message, retries inside a deadline,
  logging. A notifier that fails is logged; it never fails the publish.
"""
