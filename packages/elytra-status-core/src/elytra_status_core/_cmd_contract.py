"""``elytra contract export`` and ``elytra contract check``.

``export`` writes everything under ``contract/`` that is generated: the npm
package (types, runtime modules, JSON Schema), the fixtures, and the released
schema of the current version in ``versions/`` when it is not there yet (a
released schema is never rewritten: ``versions/`` is append-only). With
``--check`` it writes nothing and exits 1 naming every file that differs.

``check`` compares the current schema with every released one
(``elytra_status_contract.check_compatibility``) and exits 1 on any breaking
finding.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

if TYPE_CHECKING:
    from elytra_status_contract import CompatFinding, CompatReport, PlatformStatus

    from ._cmdtypes import SubParsers

__all__ = ["FIXTURE_NOW", "contract_files", "fixture_documents", "register"]

FIXTURE_NOW: Final = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
"""The instant every fixture is built at, so fixtures are byte-stable."""

_NOT_GENERATED: Final = ("versions", "node_modules")


def fixture_documents(now: datetime = FIXTURE_NOW) -> dict[str, PlatformStatus]:
    """One document per state the status card shows, plus partial ones, built at ``now``.

    States come from ``mock_document``; the partial documents are built by the
    same builder from observations that lack uptime figures or backup runs.
    """
    from ._build import build_document
    from ._mock import MOCK_STATES, mock_document
    from ._observations import BackupRun, MonitorObservation, Observations
    from ._settings import BackupSettings, InfrastructureSettings

    docs = {state: mock_document(state, now) for state in MOCK_STATES}
    infrastructure = InfrastructureSettings(
        model="Dedicated droplet per client + managed database cluster.",
        regions=["nyc3"],
        notes="All sites behind managed HTTPS and monitored 24/7.",
    )
    last_night = BackupRun(
        source="fixture",
        at=(now - timedelta(days=1) if now.hour < 3 else now).replace(hour=2, minute=1, second=30, microsecond=0),
        outcome="success",
    )
    # Monitors that report a state but no availability windows: uptime is omitted.
    states_only = tuple(MonitorObservation(source="fixture", monitor=f"site-{i}", state="up") for i in range(4))
    docs["no-uptime"] = build_document(
        Observations(monitors=states_only, backups=(last_night,)),
        now=now,
        infrastructure=infrastructure,
        backups=BackupSettings(policy="Nightly backups, 7-day retention, off-site object storage."),
    )
    # Monitors with figures, but no backup run and no backup policy: backups is omitted.
    with_uptime = tuple(
        MonitorObservation(
            source="fixture", monitor=f"site-{i}", state="up", availability_24h=0.99996, availability_7d=0.99971
        )
        for i in range(4)
    )
    docs["no-backups"] = build_document(Observations(monitors=with_uptime), now=now, infrastructure=infrastructure)
    return docs


def contract_files(now: datetime = FIXTURE_NOW) -> dict[str, bytes]:
    """Every generated file of ``contract/`` by relative path, except the released schemas."""
    import msgspec
    from elytra_status_contract import encode, npm_package_files

    out = dict(npm_package_files())
    for name, doc in fixture_documents(now).items():
        out[f"fixtures/{name}.json"] = msgspec.json.format(encode(doc), indent=2) + b"\n"
    return dict(sorted(out.items()))


def _existing(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    found: set[str] = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if relative.parts[0] in _NOT_GENERATED or not path.is_file():
            continue
        found.add(relative.as_posix())
    return found


def _cmd_export(args: argparse.Namespace) -> int:
    from elytra_status_contract import SCHEMA_VERSION, json_schema, render_json

    from ._log import logger

    root = Path(cast(str, args.out))
    expected = contract_files()
    baseline = f"versions/{SCHEMA_VERSION}.json"
    if not (root / baseline).exists():
        expected[baseline] = render_json(json_schema())
    differing: list[tuple[str, str]] = []
    for name, data in expected.items():
        path = root / name
        if not path.is_file():
            differing.append((name, "missing"))
        elif path.read_bytes() != data:
            differing.append((name, "differs"))
    extra = sorted(_existing(root) - set(expected))
    if args.check:
        for name, why in differing:
            sys.stdout.write(f"{why}: {(root / name).as_posix()}\n")
        for name in extra:
            sys.stdout.write(f"not generated: {(root / name).as_posix()}\n")
        sys.stdout.flush()
        if differing or extra:
            logger.error(
                "%d file(s) in %s are not what `elytra contract export` generates; run it and commit the result",
                len(differing) + len(extra),
                root.as_posix(),
            )
            return 1
        logger.info("%s is up to date (%d files)", root.as_posix(), len(expected))
        return 0
    for name, _why in differing:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(expected[name])
        sys.stdout.write(f"wrote {path.as_posix()}\n")
    sys.stdout.flush()
    for name in extra:
        logger.warning("%s is not generated by elytra contract export; remove it", (root / name).as_posix())
    logger.info("%s: %d file(s) written, %d unchanged", root.as_posix(), len(differing), len(expected) - len(differing))
    return 0


def _load_json(path: Path) -> dict[str, Any]:
    import msgspec

    from ._errors import ConfigError

    try:
        return msgspec.json.decode(path.read_bytes(), type=dict[str, Any])
    except OSError as exc:
        raise ConfigError(f"cannot read {path.as_posix()}: {exc.strerror or exc}") from None
    except msgspec.DecodeError as exc:
        raise ConfigError(f"{path.as_posix()} is not a JSON Schema object: {exc}") from None


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github_line(finding: CompatFinding) -> str:
    level = "error" if finding.breaking else "notice"
    props = [f"title={_github_escape(finding.rule, property_value=True)}"]
    if finding.baseline:
        props.insert(0, f"file={_github_escape(finding.baseline, property_value=True)}")
    return f"::{level} {','.join(props)}::{_github_escape(finding.line())}"


def _render(report: CompatReport, fmt: str) -> str:
    import msgspec

    if fmt == "json":
        payload = {
            "schema_version": report.version,
            "compatible": report.compatible,
            "compared": report.compared,
            "skipped": report.skipped,
            "findings": [msgspec.to_builtins(f) for f in report.findings],
        }
        return msgspec.json.format(msgspec.json.encode(payload), indent=2).decode()
    if fmt == "github":
        return "\n".join(_github_line(f) for f in report.findings)
    return "\n".join(f.line() for f in report.findings)


def _cmd_check(args: argparse.Namespace) -> int:
    from elytra_status_contract import Baseline, check_compatibility, json_schema

    from ._errors import ConfigError
    from ._log import logger

    against = Path(cast(str, args.against))
    if against.is_dir():
        paths = sorted(against.glob("*.json"))
    elif against.is_file():
        paths = [against]
    else:
        raise ConfigError(f"no released schemas at {against.as_posix()} (--against takes a folder or a file)")
    schema_file = cast(str | None, args.schema)
    current = _load_json(Path(schema_file)) if schema_file else json_schema()
    baselines = [Baseline(name=path.as_posix(), schema=_load_json(path)) for path in paths]
    report = check_compatibility(current, baselines)
    rendered = _render(report, cast(str, args.format))
    if rendered:
        sys.stdout.write(rendered + "\n")
        sys.stdout.flush()
    for name in report.skipped:
        logger.info("not compared with %s: another major version", name)
    breaking = sum(f.breaking for f in report.findings)
    if breaking:
        logger.error(
            "schema %s: %d breaking finding(s) against %s; a breaking change needs a new major version "
            "(a new Struct module and a new versions/MAJOR.0.json)",
            report.version,
            breaking,
            ", ".join(report.compared) or against.as_posix(),
        )
        return 1
    logger.info("schema %s is compatible with %s", report.version, ", ".join(report.compared))
    return 0


def register(status: SubParsers, groups: SubParsers) -> None:
    """Add the ``contract`` commands to the parser."""
    del status  # the contract commands form their own group
    contract = groups.add_parser("contract", help="export the contract for the frontend and check its compatibility")
    commands = contract.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)

    export = commands.add_parser(
        "export",
        help="write the JSON Schema, the npm package and the fixtures",
        description="Generate contract/ from the Structs: the npm package @elytracloud/status-contract "
        "(types, parsePlatformStatus, isStale, JSON Schema), fixtures per state, and the released "
        "schema of the current version in versions/ when it is missing (never rewritten).",
    )
    export.add_argument("--out", default="contract", metavar="DIR", help="the contract folder (default: contract)")
    export.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 naming every file that differs from what would be written",
    )
    export.set_defaults(func=_cmd_export)

    check = commands.add_parser(
        "check",
        help="fail when the schema would break readers of a released version",
        description="Compare the current schema with every released schema of its major version in both "
        "directions (readers of either must read documents of the other). Findings are printed as "
        "RULE_ID #/json/pointer: explanation. Exit 1 on any breaking finding.",
    )
    check.add_argument(
        "--against",
        default="contract/versions",
        metavar="PATH",
        help="folder of released schemas, or one schema file (default: contract/versions)",
    )
    check.add_argument(
        "--schema", metavar="FILE", help="check this schema file instead of the one generated from the Structs"
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json for tools, or github for Actions annotations",
    )
    check.set_defaults(func=_cmd_check)
