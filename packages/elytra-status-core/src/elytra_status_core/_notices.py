"""Notice files on disk or in a bucket: read, check, scan, write, append.

The rules are pure (``_core.notices``); this is the shell around them. A
notice folder is ``[notices] dir``: a path relative to the config file or
any fsspec URL (a bucket prefix). A missing folder holds no notices.

``update`` appends an ``[[updates]]`` table to the end of the file instead of
rewriting it, so the operator's comments and layout survive; every text is
written as TOML that is read back and checked before the file is touched.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final, cast

import msgspec

from elytra_status_contract import NOTICE_ID_PATTERN, Impact, Notice, NoticeKind, NoticeStatus

from ._config import decode_table
from ._core.instants import format_instant
from ._core.notices import (
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    NoticeFile,
    check_notice,
    derive,
)
from ._core.redact import scan_text
from ._core.settings import NoticeSettings
from ._errors import ConfigError
from ._fs import is_local, local_path, resolve, url_to_fs
from ._log import known_secrets

__all__ = [
    "LoadedNotice",
    "append_update",
    "derived",
    "load_notices",
    "new_notice_text",
    "notice_findings",
    "notices_url",
    "parse_notice",
    "slug",
    "update_text",
    "write_new_notice",
]

_ID: Final = re.compile(NOTICE_ID_PATTERN)
_SLUG: Final = re.compile(r"[^a-z0-9]+")


class LoadedNotice(msgspec.Struct, frozen=True):
    """One notice file, decoded and checked."""

    id: str
    file: str
    """Where it was read from, as messages show it."""
    notice: NoticeFile


def notices_url(settings: NoticeSettings, base: Path) -> str:
    """The notice folder: a local path made absolute against the config's folder, or a URL."""
    return resolve(settings.dir, base)


def _options(url: str, endpoint_url: str | None) -> dict[str, Any]:
    return {"endpoint_url": endpoint_url} if endpoint_url and url.lower().startswith("s3://") else {}


def _listing(url: str, endpoint_url: str | None = None) -> list[tuple[str, str, bytes]]:
    """``(stem, shown path, bytes)`` of every ``*.toml`` directly in the folder, by name."""
    if is_local(url):
        folder = local_path(url)
        if not folder.is_dir():
            if folder.exists():
                raise ConfigError("is not a folder", key="notices.dir", file=str(folder))
            return []
        found: list[tuple[str, str, bytes]] = []
        for path in sorted(folder.glob("*.toml")):
            try:
                found.append((path.stem, str(path), path.read_bytes()))
            except OSError as exc:
                raise ConfigError(f"cannot read notice file ({type(exc).__name__})", file=str(path)) from None
        return found
    fs, root = url_to_fs(url, _options(url, endpoint_url))
    try:
        names = sorted(str(name) for name in fs.find(root))
    except FileNotFoundError:
        return []
    except Exception as exc:  # fsspec backends raise what their library raises
        raise ConfigError(f"cannot list the notice folder ({type(exc).__name__})", key="notices.dir") from None
    out: list[tuple[str, str, bytes]] = []
    prefix = root.rstrip("/") + "/"
    for name in names:
        relative = name[len(prefix) :] if name.startswith(prefix) else name
        if "/" in relative or not relative.endswith(".toml"):
            continue
        shown = f"{url.rstrip('/')}/{relative}"
        try:
            out.append((relative[: -len(".toml")], shown, fs.cat_file(name)))
        except Exception as exc:
            raise ConfigError(f"cannot read notice file ({type(exc).__name__})", file=shown) from None
    return out


def parse_notice(stem: str, shown: str, data: bytes, components: Collection[str] | None = None) -> LoadedNotice:
    """One notice file's bytes, decoded and checked; ``ConfigError`` names the file and key."""
    if _ID.match(stem) is None:
        raise ConfigError(
            "a notice file's name is its id: lower-case letters, digits and '-', at most 64 (2026-12-01-panel-errors.toml)",
            file=shown,
        )
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", file=shown) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", file=shown) from None
    _check_words(raw, shown)
    notice = decode_table(raw, NoticeFile, file=shown)
    check_notice(notice, file=shown, components=components)
    return LoadedNotice(stem, shown, notice)


def _check_words(raw: dict[str, Any], shown: str) -> None:
    """Name the allowed words when a kind, impact or status is misspelt (msgspec says only "Invalid enum value")."""
    kind = raw.get("kind")
    if isinstance(kind, str) and kind not in ("incident", "maintenance"):
        raise ConfigError(f"unknown kind {kind!r}: incident or maintenance", key="kind", file=shown)
    impact = raw.get("impact")
    if isinstance(impact, str) and impact not in ("none", "degraded", "outage"):
        raise ConfigError(f"unknown impact {impact!r}: none, degraded or outage", key="impact", file=shown)
    updates = raw.get("updates")
    if isinstance(updates, list):
        for index, update in enumerate(cast(list[object], updates)):
            status = cast(dict[str, object], update).get("status") if isinstance(update, dict) else None
            if isinstance(status, str) and status not in (*INCIDENT_STATUSES, *MAINTENANCE_STATUSES):
                raise ConfigError(
                    f"unknown status {status!r}: incident: {', '.join(INCIDENT_STATUSES)}; "
                    f"maintenance: {', '.join(MAINTENANCE_STATUSES)}",
                    key=f"updates[{index}].status",
                    file=shown,
                )


def load_notices(settings: NoticeSettings, base: Path, components: Collection[str] | None = None) -> list[LoadedNotice]:
    """Every notice file in the folder, decoded and checked (``ConfigError`` on the first bad one)."""
    found = _listing(notices_url(settings, base), settings.endpoint_url)
    return [parse_notice(stem, shown, data, components) for stem, shown, data in found]


def derived(loaded: Sequence[LoadedNotice], now: datetime) -> list[Notice]:
    """Each notice as published at ``now`` (notices with no update posted yet are left out)."""
    return [n for item in loaded if (n := derive(item.id, item.notice, now)) is not None]


def notice_findings(loaded: Sequence[LoadedNotice], allow: Sequence[str] = ()) -> list[str]:
    """What the leak scan finds in the public text of notice files, each named by file and key.

    The detectors (masked value included), and any configured secret value
    (``_log.known_secrets``) whatever its shape.
    """
    secrets = known_secrets()
    findings: list[str] = []
    for item in loaded:
        notice = item.notice
        texts = {
            "title": notice.title,
            **{f"components[{i}]": c for i, c in enumerate(notice.components)},
            **{f"updates[{i}].body": u.body for i, u in enumerate(notice.updates)},
        }
        for key, text in texts.items():
            where = f"{item.file}: {key}"
            findings += [str(f) for f in scan_text(text, where, allow)]
            if secrets.spans(text):
                findings.append(f"{where}: a configured secret value appears in the text")
    return findings


# --- writing ---------------------------------------------------------------------------


def _toml_string(text: str) -> str:
    """``text`` as a TOML string: a multi-line literal block when that is exact, else an escaped basic string."""
    literal = "\n" in text and "'''" not in text and not text.endswith("'")
    if literal and re.search(r"[\x00-\x08\x0b-\x1f\x7f\r]", text) is None:
        return "'''\n" + text + "'''"
    escaped: list[str] = []
    for ch in text:
        if ch in '"\\':
            escaped.append("\\" + ch)
        elif ch == "\n":
            escaped.append("\\n")
        elif ch == "\t":
            escaped.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            escaped.append(f"\\u{ord(ch):04x}")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def update_text(at: datetime, status: NoticeStatus, body: str) -> str:
    """One ``[[updates]]`` table, as appended to a notice file."""
    return f"\n[[updates]]\nat = {format_instant(at)}\nstatus = {_toml_string(status)}\nbody = {_toml_string(body)}\n"


def new_notice_text(
    *,
    kind: NoticeKind,
    title: str,
    impact: Impact,
    components: Sequence[str],
    at: datetime,
    status: NoticeStatus,
    body: str,
    scheduled_for: datetime | None = None,
    scheduled_until: datetime | None = None,
) -> str:
    """A whole new notice file."""
    lines = [
        f"# {kind.capitalize()} notice, written by `elytra notice new`.",
        "# Add updates with `elytra notice update ID --status S --body B` (appended below; comments are kept).",
        f"kind = {_toml_string(kind)}",
        f"title = {_toml_string(title)}",
        f"impact = {_toml_string(impact)}",
    ]
    if components:
        lines.append("components = [" + ", ".join(_toml_string(c) for c in components) + "]")
    if scheduled_for is not None and scheduled_until is not None:
        lines.append(f"scheduled_for = {format_instant(scheduled_for)}")
        lines.append(f"scheduled_until = {format_instant(scheduled_until)}")
    return "\n".join(lines) + "\n" + update_text(at, status, body)


def slug(title: str) -> str:
    """A short id part from a title: ``Elevated errors in the panel`` -> ``elevated-errors-in-the-panel``."""
    words = _SLUG.sub("-", title.lower()).strip("-")
    return words[:40].rstrip("-") or "notice"


def _target(settings: NoticeSettings, base: Path, notice_id: str) -> str:
    return f"{notices_url(settings, base).rstrip('/')}/{notice_id}.toml"


def _read(url: str, endpoint_url: str | None = None) -> bytes | None:
    if is_local(url):
        path = local_path(url)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
    fs, path_in = url_to_fs(url, _options(url, endpoint_url))
    try:
        return fs.cat_file(path_in)
    except FileNotFoundError:
        return None


def _write(url: str, data: bytes, *, exclusive: bool, endpoint_url: str | None = None) -> None:
    if is_local(url):
        path = local_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb" if exclusive else "wb") as out:
            out.write(data)
        return
    fs, path_in = url_to_fs(url, _options(url, endpoint_url))
    fs.pipe_file(path_in, data)


def _refuse_leaks(loaded: LoadedNotice, allow: Sequence[str]) -> None:
    findings = notice_findings([loaded], allow)
    if findings:
        raise ConfigError("refusing to write sensitive data into a public notice: " + "; ".join(findings))


def write_new_notice(
    settings: NoticeSettings,
    base: Path,
    notice_id: str,
    text: str,
    components: Collection[str] | None,
    allow: Sequence[str] = (),
) -> LoadedNotice:
    """Check and scan ``text`` as the file ``notice_id`` would be read, then create that file (never overwriting one)."""
    url = _target(settings, base, notice_id)
    loaded = parse_notice(notice_id, url, text.encode(), components)
    _refuse_leaks(loaded, allow)
    if _read(url, settings.endpoint_url) is not None:
        raise ConfigError("a notice with this id exists; pick another id or update it", file=url)
    try:
        _write(url, text.encode(), exclusive=True, endpoint_url=settings.endpoint_url)
    except FileExistsError:
        raise ConfigError("a notice with this id exists; pick another id or update it", file=url) from None
    return loaded


def append_update(
    settings: NoticeSettings,
    base: Path,
    notice_id: str,
    text: str,
    components: Collection[str] | None,
    allow: Sequence[str] = (),
) -> LoadedNotice:
    """Append ``text`` (``update_text``) to notice ``notice_id``, after checking and scanning the result as a whole."""
    url = _target(settings, base, notice_id)
    current = _read(url, settings.endpoint_url)
    if current is None:
        raise ConfigError(f"no notice {notice_id!r} (see `elytra notice list --all`)", file=url)
    joined = current + (b"" if current.endswith(b"\n") else b"\n") + text.encode()
    loaded = parse_notice(notice_id, url, joined, components)
    _refuse_leaks(loaded, allow)
    if is_local(url):
        with local_path(url).open("ab") as out:
            out.write(joined[len(current) :])
    else:
        _write(url, joined, exclusive=False, endpoint_url=settings.endpoint_url)
    return loaded
