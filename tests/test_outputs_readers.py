"""The ecosystem's real readers against published trees on loopback (required under CI=true).

For every fixture state a tree is published as a run publishes it (each
file through the leak guard) and served on its own loopback port, with
``Access-Control-Allow-Origin: *`` as docs/outputs.md asks of the bucket:

- Atlassian's own widget (npm ``@statuspage/status-widget``) on a page of
  another origin, in Debian's Chromium, shows the expected description;
- the ``statuspage.io`` npm client (``setApiUrl`` to the tree) reads every
  endpoint it has;
- the SVG badges, opened in Chromium: the text is there and fits its box
  at the browser's own spacing, so the library's measured widths hold;
- a widely used Statuspage reader, the Prometheus exporter
  ``statuspage-prometheus-exporter`` (PyPI), in its one-shot mode, writes the
  metrics expected for each state.

The npm packages are pinned by tests/ecosystem/package-lock.json.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import msgspec
import pytest

from elytra_status_contract import PlatformStatus, encode
from elytra_status_core._core.fixtures import fixture_documents
from elytra_status_core._core.outputs import Output, render_outputs
from elytra_status_core._core.settings import OutputsSettings, PageSettings
from elytra_status_core._run import guard_output
from tests._integration import require_program, unavailable
from tests.servers import ReplayServer, Reply

ROOT = Path(__file__).resolve().parent.parent
ECOSYSTEM = ROOT / "tests" / "ecosystem"
NOW = datetime(2026, 12, 1, 14, 50, tzinfo=UTC)
PAGE = PageSettings(name="Elytracloud", url="https://status.elytracloud.com")

DESCRIPTIONS = {
    "operational": ("none", "All Systems Operational"),
    "degraded": ("minor", "Partially Degraded Service"),
    "outage": ("major", "Partial System Outage"),
    "outage-every-monitor-down": ("critical", "Major System Outage"),
    "unknown": ("minor", "Status Unknown"),
    "stale": ("none", "All Systems Operational"),
    "no-uptime": ("none", "All Systems Operational"),
    "no-backups": ("none", "All Systems Operational"),
    "incident-investigating": ("minor", "Partially Degraded Service"),
    "incident-resolved": ("none", "All Systems Operational"),
    "maintenance-scheduled": ("none", "All Systems Operational"),
    "maintenance-in-progress": ("maintenance", "Service Under Maintenance"),
    "component-outage": ("minor", "Partially Degraded Service"),
}
"""What Statuspage's readers must be told in each state (design/outputs.md's table)."""


def _docs() -> dict[str, tuple[PlatformStatus, bool]]:
    """Each state's document and whether every monitor is down."""
    docs = {name: (doc, False) for name, doc in fixture_documents(NOW).items()}
    docs["outage-every-monitor-down"] = (docs["outage"][0], True)
    assert set(docs) == set(DESCRIPTIONS)
    return docs


def published_tree(doc: PlatformStatus, every_monitor_down: bool) -> dict[str, Output]:
    """``status.json`` and its siblings as a run publishes them: each through the leak guard."""
    notices = list(doc.notices) if not isinstance(doc.notices, msgspec.UnsetType) else []
    files = render_outputs(
        doc, notices, page=PAGE, outputs=OutputsSettings(), uptime_90d=99.95, every_monitor_down=every_monitor_down
    )
    files["status.json"] = Output(encode(doc), "application/json")
    return {name: Output(guard_output(output.data, name), output.content_type) for name, output in files.items()}


def _routes(files: dict[str, Output]) -> dict[str, Reply]:
    return {
        f"/{name}": Reply(
            200,
            output.data,
            {"Content-Type": output.content_type, "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"},
        )
        for name, output in files.items()
    }


@dataclass(frozen=True)
class Tree:
    files: dict[str, Output]
    server: ReplayServer


@pytest.fixture(scope="module")
def trees() -> Iterator[dict[str, Tree]]:
    with ExitStack() as stack:
        served: dict[str, Tree] = {}
        for name, (doc, every_down) in _docs().items():
            files = published_tree(doc, every_down)
            served[name] = Tree(files, stack.enter_context(ReplayServer(_routes(files))))
        yield served


# --- the npm readers and Chromium -------------------------------------------------------------


def _node_bin() -> Path:
    """The folder holding node and npm: the environment's own (Node.js from uv.lock), else PATH's."""
    here = Path(sys.executable).parent
    if (here / "node").is_file() and (here / "npm").is_file():
        return here
    node = Path(require_program("node")).parent
    require_program("npm")
    return node


def _npm_ci(bin_dir: Path) -> None:
    """``npm ci`` in tests/ecosystem unless its node_modules already matches the lockfile."""
    digest = hashlib.sha256((ECOSYSTEM / "package-lock.json").read_bytes()).hexdigest()
    stamp = ECOSYSTEM / "node_modules" / ".elytra-lock-digest"
    if stamp.is_file() and stamp.read_text() == digest:
        return
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [str(bin_dir / "npm"), "ci", "--no-audit", "--no-fund"],
        cwd=ECOSYSTEM,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        unavailable(f"npm ci in tests/ecosystem failed: {result.stderr[-2000:]}")
    stamp.write_text(digest)


def _widget_page(trees: dict[str, Tree]) -> bytes:
    widgets = "\n".join(
        f'<statuspage-widget id="w{i}-basic" src="{tree.server.url}"></statuspage-widget>\n'
        f'<statuspage-widget id="w{i}-badge" src="{tree.server.url}" appearance="badge"></statuspage-widget>'
        for i, tree in enumerate(trees.values())
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>widgets</title>'
        f'<script src="/widget.js"></script></head><body>\n{widgets}\n</body></html>'
    ).encode()


@dataclass(frozen=True)
class Read:
    """What the npm readers and Chromium read, and the SVGs they were shown (URL -> badge path)."""

    out: dict[str, Any]
    svgs: dict[str, list[str]]


@pytest.fixture(scope="module")
def read(trees: dict[str, Tree], tmp_path_factory: pytest.TempPathFactory) -> Read:
    chromium = require_program("chromium")
    fonts = subprocess.run([require_program("fc-list"), "DejaVu Sans"], capture_output=True, text=True, check=False)
    if "DejaVu" not in fonts.stdout:
        unavailable("the DejaVu Sans font (Debian fonts-dejavu-core) is not installed")
    bin_dir = _node_bin()
    _npm_ci(bin_dir)
    widget = ECOSYSTEM / "node_modules" / "@statuspage" / "status-widget" / "dist" / "index.js"
    unique: dict[bytes, list[str]] = {}
    for name, tree in trees.items():
        for path, output in tree.files.items():
            if path.endswith(".svg"):
                unique.setdefault(output.data, []).append(f"{name}:{path}")
    routes = {
        "/widgets.html": Reply(200, _widget_page(trees), {"Content-Type": "text/html; charset=utf-8"}),
        "/widget.js": Reply(200, widget.read_bytes(), {"Content-Type": "text/javascript"}),
    }
    svg_paths = {f"/svg/{i}.svg": paths for i, paths in enumerate(unique.values())}
    for (data, _), path in zip(unique.items(), svg_paths, strict=True):
        routes[path] = Reply(200, data, {"Content-Type": "image/svg+xml"})
    folder = tmp_path_factory.mktemp("readers")
    with ReplayServer(routes) as site:
        (folder / "in.json").write_text(
            json.dumps(
                {
                    "chromium": chromium,
                    "page": f"{site.url}/widgets.html",
                    "states": [{"name": name, "base": tree.server.url} for name, tree in trees.items()],
                    "svgs": [f"{site.url}{path}" for path in svg_paths],
                }
            )
        )
        result = subprocess.run(
            [str(bin_dir / "node"), str(ECOSYSTEM / "read.mjs")],
            cwd=ECOSYSTEM,
            env={
                **os.environ,
                "READERS_INPUT": str(folder / "in.json"),
                "READERS_OUTPUT": str(folder / "out.json"),
                "NO_PROXY": "*",
                "no_proxy": "*",
                "NODE_OPTIONS": "",
            },
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        svgs = {f"{site.url}{path}": paths for path, paths in svg_paths.items()}
    return Read(json.loads((folder / "out.json").read_text()), svgs)


@pytest.mark.parametrize("state", sorted(DESCRIPTIONS))
def test_atlassians_widget_shows_the_description(read: Read, trees: dict[str, Tree], state: str) -> None:
    indicator, description = DESCRIPTIONS[state]
    shown = read.out["widget"][state]
    assert shown["basic"] == {"text": description, "indicator": f"status-indicator {indicator}"}
    # the "badge" appearance lower-cases the description with CSS
    assert shown["badge"] == {"text": description.lower(), "indicator": f"status-indicator {indicator}"}
    assert "/api/v2/summary.json" in set(trees[state].server.paths())
    # The published bundle ends by assigning an undeclared ``parcelRequire`` under "use strict": it
    # throws once, after the widget is defined, on every page that embeds it. Nothing else may.
    assert set(read.out["widget_errors"]) <= {"ReferenceError: parcelRequire is not defined"}


CLIENT_FILES = {
    "getSummary": "api/v2/summary.json",
    "getStatus": "api/v2/status.json",
    "getComponents": "api/v2/components.json",
    "incidents.getAll": "api/v2/incidents.json",
    "incidents.getUnresolved": "api/v2/incidents/unresolved.json",
    # statuspage.io 3.3.8 sends all three maintenance calls to upcoming.json (its own paths say so);
    # scheduled-maintenances.json and active.json are read by the strict decoder in test_outputs.py.
    "scheduledMaintenances.getAll": "api/v2/scheduled-maintenances/upcoming.json",
    "scheduledMaintenances.getUpcoming": "api/v2/scheduled-maintenances/upcoming.json",
    "scheduledMaintenances.getActive": "api/v2/scheduled-maintenances/upcoming.json",
}


@pytest.mark.parametrize("state", sorted(DESCRIPTIONS))
def test_the_statuspage_io_client_reads_every_endpoint(read: Read, trees: dict[str, Tree], state: str) -> None:
    got = read.out["client"][state]
    tree = trees[state]
    assert set(got) == set(CLIENT_FILES)
    for method, path in CLIENT_FILES.items():
        assert got[method] == json.loads(tree.files[path].data), method
    indicator, description = DESCRIPTIONS[state]
    assert got["getStatus"]["status"] == {"indicator": indicator, "description": description}
    assert got["getSummary"]["page"]["url"] == "https://status.elytracloud.com"
    requested = {p.split("?", 1)[0] for p in tree.server.paths()}
    assert {f"/{path}" for path in CLIENT_FILES.values()} <= requested


def test_what_the_client_reads_for_notices(read: Read) -> None:
    investigating = read.out["client"]["incident-investigating"]
    (incident,) = investigating["incidents.getUnresolved"]["incidents"]
    assert (incident["name"], incident["status"], incident["impact"]) == (
        "Elevated errors in the control panel",
        "investigating",
        "minor",
    )
    assert [c["name"] for c in incident["components"]] == ["Control panel"]
    scheduled = read.out["client"]["maintenance-scheduled"]
    (maintenance,) = scheduled["scheduledMaintenances.getUpcoming"]["scheduled_maintenances"]
    assert (maintenance["status"], maintenance["impact"]) == ("scheduled", "maintenance")
    resolved = read.out["client"]["incident-resolved"]
    assert [i["status"] for i in resolved["incidents.getAll"]["incidents"]] == ["resolved"]
    assert resolved["incidents.getUnresolved"]["incidents"] == []


def test_svg_badges_show_their_text_and_it_fits(read: Read, trees: dict[str, Tree]) -> None:
    assert len(read.out["svgs"]) == len(read.svgs) >= 10
    for url, drawn in read.out["svgs"].items():
        state, path = read.svgs[url][0].split(":", 1)
        endpoint = json.loads(trees[state].files[path.removesuffix(".svg") + ".json"].data)
        assert drawn["height"] == 20
        left, right = drawn["rects"]
        assert left["x"] == 0 and abs(left["width"] + right["width"] - drawn["width"]) < 0.05
        assert [t["content"] for t in drawn["texts"]] == [endpoint["label"], endpoint["message"]], url
        for text, box in zip(drawn["texts"], (left, right), strict=True):
            natural = text["natural"]
            where = f"{path} {text['content']!r}: {natural} in {box}"
            # the browser's own spacing keeps the text inside its box, with room to spare on each side
            assert natural["x"] >= box["x"] + 2, where
            assert natural["x"] + natural["width"] <= box["x"] + box["width"] - 2, where
            # and the width the library measured is the browser's, within a pixel
            assert abs(text["measured"] - natural["width"]) <= 1.0, where
            assert abs(text["shown"]["width"] - text["measured"]) <= 1.0, where


# --- a Prometheus exporter of Statuspage pages ------------------------------------------------


def _metrics(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    parser: Any = importlib.import_module("prometheus_client.parser")
    families: list[Any] = list(parser.text_string_to_metric_families(text))
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in families:
        for sample in cast(list[Any], family.samples):
            out.setdefault(str(sample.name), []).append((dict(sample.labels), float(sample.value)))
    return out


@pytest.fixture(scope="module")
def exported(trees: dict[str, Tree], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("exporter")
    services = {name: {"url": f"{tree.server.url}/api/v2/summary.json", "name": name} for name, tree in trees.items()}
    (folder / "services.json").write_text(json.dumps(services))
    result = subprocess.run(
        [sys.executable, "-m", "statuspage_prometheus_exporter.status_monitoring"],
        cwd=folder,
        env={
            **os.environ,
            "RUN_MODE": "once",
            "SERVICES_JSON_PATH": str(folder / "services.json"),
            "METRICS_TEXTFILE_PATH": str(folder / "statuspage.prom"),
            "CLEAR_CACHE": "true",
            "NO_PROXY": "*",
            "no_proxy": "*",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {"metrics": _metrics((folder / "statuspage.prom").read_text()), "log": result.stderr}


def _value(samples: list[tuple[dict[str, str], float]], **labels: str) -> list[float]:
    return [v for found, v in samples if all(found.get(k) == want for k, want in labels.items())]


OPERATIONAL_TO_THE_EXPORTER = {
    "operational",
    "stale",
    "no-uptime",
    "no-backups",
    "incident-resolved",
    "maintenance-scheduled",
}
"""States whose summary has indicator ``none``, no open incident and every component operational."""


@pytest.mark.parametrize("state", sorted(DESCRIPTIONS))
def test_the_prometheus_exporter_reads_each_state(exported: dict[str, Any], state: str) -> None:
    metrics = exported["metrics"]
    assert _value(metrics["statuspage_probe_check"], service_name=state) == [1.0]
    expected = 1.0 if state in OPERATIONAL_TO_THE_EXPORTER else 0.0
    assert _value(metrics["statuspage_service_status"], service_name=state) == [expected]


def test_the_prometheus_exporter_reads_components_incidents_and_maintenance(exported: dict[str, Any]) -> None:
    metrics = exported["metrics"]
    components = metrics["statuspage_component_status"]
    assert _value(components, service_name="component-outage", component_name="DNS") == [0.0]
    assert _value(components, service_name="component-outage", component_name="Customer websites") == [1.0]
    assert _value(components, service_name="maintenance-in-progress", component_name="Control panel") == [0.0]
    (incident,) = [labels for labels, v in metrics["statuspage_incident_info"] if v == 1.0]
    assert incident["service_name"] == "incident-investigating"
    assert incident["impact"] == "minor"
    assert incident["shortlink"] == "https://status.elytracloud.com/status#2026-12-01-panel-errors"
    maintenance = {labels["service_name"] for labels, v in metrics["statuspage_maintenance_info"] if v == 1.0}
    assert maintenance == {"maintenance-scheduled", "maintenance-in-progress"}
