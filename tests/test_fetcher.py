"""fetchPlatformStatus and labelFor in node (required under CI=true).

The cases live in tests/node/consumer/fetch.test.mjs (node's own test runner):
success, HTTP error, network error, invalid JSON, schema-invalid JSON, stale,
updated_at in the future, missing URL, oversize body, timeouts over a real
loopback server, and the label fallback. labels-exhaustive.ts in the same
folder is compiled with the rest of the consumer project by test_typescript.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests._node_project import node_project


def test_fetcher_cases_in_node(tmp_path: Path) -> None:
    project = node_project(tmp_path)
    result = project.run("--test", "--test-reporter=tap", "fetch.test.mjs", timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = re.search(r"^# pass (\d+)$", output, re.M)
    failed = re.search(r"^# fail (\d+)$", output, re.M)
    assert passed and failed, output
    assert int(failed.group(1)) == 0
    assert int(passed.group(1)) >= 18, output
