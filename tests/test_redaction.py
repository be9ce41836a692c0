"""The redaction detectors: the corpus, Hypothesis properties, the allowlist, log masking.

The corpus (``tests/data/redaction/``) holds labelled leaks and benign prose
that resembles leaks; ``bench/redaction_corpus.py`` computes the figures that
``docs/redaction.md`` shows, and the last tests here check the document
still shows them.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import json
import random
import re
import string
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elytra_status_contract import Backups, Infrastructure
from elytra_status_core import LeakDetected, PlatformStatus, decode, render_document
from elytra_status_core._core.redact import (
    DETECTORS,
    detector_names,
    mask_url,
    redact_text,
    scan_output,
    scan_text,
    scan_value,
)
from elytra_status_core._run import guard_output
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "redaction"
SECRET_DETECTORS = {d.name for d in DETECTORS if d.secret}


@functools.cache
def _bench() -> ModuleType:
    """``bench/redaction_corpus.py``, which computes the figures (one source for them)."""
    spec = importlib.util.spec_from_file_location("redaction_corpus", ROOT / "bench" / "redaction_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["redaction_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _lines(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


LEAKS = _lines("leaks.jsonl")
BENIGN = _lines("benign.jsonl")


# --- the corpus ------------------------------------------------------------------------------


def test_the_corpus_is_big_enough_and_covers_every_detector() -> None:
    assert len(LEAKS) >= 60 and len(BENIGN) >= 60
    labelled = {item["detector"] for item in LEAKS}
    assert labelled == set(detector_names())
    for name in detector_names():
        assert sum(item["detector"] == name for item in LEAKS) >= 3, name


@pytest.mark.parametrize("item", LEAKS, ids=[f"{i:03d}-{item['detector']}" for i, item in enumerate(LEAKS)])
def test_every_leak_is_caught_by_its_detector(item: dict[str, str]) -> None:
    fired = {f.detector for f in scan_text(item["text"])}
    assert item["detector"] in fired
    if item["detector"] in SECRET_DETECTORS:
        redacted = redact_text(item["text"])
        assert redacted != item["text"]
        assert not {f.detector for f in scan_text(redacted)} & SECRET_DETECTORS, redacted


@pytest.mark.parametrize("item", BENIGN, ids=[f"{i:03d}" for i in range(len(BENIGN))])
def test_benign_prose_passes(item: dict[str, str]) -> None:
    assert scan_text(item["text"]) == []
    assert redact_text(item["text"]) == item["text"]


def test_the_original_grep_both_misses_leaks_and_blocks_prose() -> None:
    bench = _bench()
    for text in ("Multiple regions", "Free shipping on all annual plans.", "description"):
        assert bench.grep_flags(text) and scan_text(text) == []
    for text in ("10.20.0.5", "AKIAIOSFODNN7EXAMPLE", "postgresql://doadmin@db.example.com:25060/defaultdb"):
        assert not bench.grep_flags(text) and scan_text(text) != []


# --- the document fails closed -----------------------------------------------------------------


def doc_with(
    model: str = "Dedicated droplet per client.", notes: str = "", regions: list[str] | None = None
) -> PlatformStatus:
    return PlatformStatus(
        updated_at=datetime(2025, 11, 10, 12, tzinfo=UTC),
        platform_status="operational",
        infrastructure=Infrastructure(model=model, notes=notes, regions=regions or ["nyc3"]),
        backups=Backups(policy="Nightly backups, 7-day retention, off-site object storage."),
    )


def test_a_leak_fails_the_render_naming_path_detector_and_masked_value() -> None:
    with pytest.raises(LeakDetected) as caught:
        render_document(doc_with(notes="Primary database at 10.20.0.5 is healthy."))
    assert caught.value.findings == ["$.infrastructure.notes: ipv4 (10…(9 chars))"]
    assert "10.20.0.5" not in str(caught.value)


def test_keys_are_scanned_too() -> None:
    findings = scan_value({"ok": {"10.0.0.1": "x"}}, "$")
    assert [str(f) for f in findings] == ["$.ok.10.0.0.1 (key): ipv4 (10…(8 chars))"]


def test_the_allowlist_accepts_a_named_value_and_nothing_else() -> None:
    notes = "Mirror at mirror.elytra.internal, DB at db.elytra.internal."
    with pytest.raises(LeakDetected) as caught:
        render_document(doc_with(notes=notes), allow=["mirror.elytra.internal"])
    assert caught.value.findings == ["$.infrastructure.notes: internal-hostname (db…(18 chars))"]
    data = render_document(doc_with(notes=notes), allow=["mirror.elytra.internal", "db.elytra.internal"])
    assert decode(data).infrastructure


def test_an_allowlisted_hostname_does_not_excuse_a_token_next_to_it() -> None:
    text = "https://status.elytracloud.com/?token=9f8e7d6c5b4a"
    assert "url-token" in {f.detector for f in scan_text(text, allow=["status.elytracloud.com"])}


def test_extra_outputs_are_scanned_under_their_own_name() -> None:
    svg = '<svg><text x="5">status: operational</text><!-- 10.0.0.5 --></svg>'
    with pytest.raises(LeakDetected) as caught:
        guard_output(svg, "badge.svg")
    assert caught.value.findings == ["badge.svg: ipv4 (10…(8 chars))"]
    assert guard_output('{"label": "status", "message": "operational"}', "badge.json") == (
        b'{"label": "status", "message": "operational"}'
    )
    assert [str(f) for f in scan_output(b'{"m": "ops@example.com"}', "badge.json")] == [
        "badge.json:$.m: email (op…(15 chars))"
    ]
    assert [f.detector for f in scan_output(b"\xff\xfe status", "badge.svg")] == ["not-utf-8"]


# --- logs and messages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET https://ops:hunter2@uptime.example.com/x", "GET https://ops:***@uptime.example.com/x"),
        (
            "retrying https://api.example.com/v1?page=2&api_key=Zm9vYmFy123",
            "retrying https://api.example.com/v1?page=2&api_key=***",
        ),
        ("DB_PASSWORD=Tr0ub4dor&3 in env", "DB_PASSWORD=*** in env"),
        ("Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543", "Authorization: Bearer ***"),
        ("internal host db-01.prod.lan at 10.0.0.5", "internal host db-01.prod.lan at 10.0.0.5"),
        (
            "password=*** and token=<redacted> and secret: ${SPACES_SECRET}",
            "password=*** and token=<redacted> and secret: ${SPACES_SECRET}",
        ),
    ],
)
def test_log_lines_mask_credentials_and_keep_the_rest(text: str, expected: str) -> None:
    assert redact_text(text) == expected


def test_mask_url_masks_userinfo_query_and_path_secrets() -> None:
    assert mask_url("https://u:p4ss@h.example.com/a?token=x&page=2") == "https://u:***@h.example.com/a?token=***&page=2"
    hook = "https://hooks.slack.com/services/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"
    assert "q8Zc1Vt5Rw2Xy7Pb4Nd9Lm3K" not in mask_url(hook)
    assert mask_url("http://[::1") == "<unparsable URL>"


# --- Hypothesis: any secret anywhere is caught, benign vocabulary always passes ------------------

_B62 = string.ascii_letters + string.digits
_UPPER_DIGITS = string.ascii_uppercase + string.digits


def _chars(alphabet: str, n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=n, max_size=n)


def _seeded(make: Callable[[random.Random], str]) -> st.SearchStrategy[str]:
    """Tokens as a generator of credentials makes them: from a random source, not hand-picked."""
    return st.integers(min_value=0, max_value=2**32).map(lambda seed: make(random.Random(seed)))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


_JWT_HEADER = _b64url(b'{"alg":"HS256","typ":"JWT"}')

label = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10).filter(
    lambda s: s[0].isalnum() and s[-1].isalnum()
)
hostname = st.lists(label, min_size=1, max_size=3).map(".".join)
value = st.text(alphabet=_B62 + "!%&*_-.~", min_size=3, max_size=24).filter(
    lambda s: any(c.isalnum() for c in s) and not re.fullmatch(r"x+", s, re.I)
)
query_value = st.text(alphabet=_B62 + "-_.~%", min_size=3, max_size=24).filter(lambda s: any(c.isalnum() for c in s))
octet = st.integers(min_value=0, max_value=255)

SECRET_STRATEGIES: dict[str, st.SearchStrategy[str]] = {
    "private-key": st.tuples(
        st.sampled_from(
            ["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]
        ),
        st.binary(min_size=16, max_size=200),
    ).map(lambda t: f"-----BEGIN {t[0]}-----\n{base64.b64encode(t[1]).decode()}\n-----END {t[0]}-----"),
    "url-credentials": st.tuples(
        st.sampled_from(["https", "http", "ftp", "sftp", "git+ssh"]), label, value, hostname
    ).map(lambda t: f"{t[0]}://{t[1]}:{t[2]}@{t[3]}.example.com/"),
    "url-token": st.tuples(
        hostname,
        st.sampled_from(["token", "access_token", "api_key", "apikey", "key", "sig", "X-Amz-Signature", "secret"]),
        query_value,
    ).map(lambda t: f"https://{t[0]}.example.com/v1/status?page=1&{t[1]}={t[2]}"),
    "database-url": st.tuples(
        st.sampled_from(["postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqps"]), hostname
    ).map(lambda t: f"{t[0]}://{t[1]}.example.com:5432/app"),
    "s3-url": st.tuples(st.sampled_from(["s3", "S3", "s3a"]), label, label).map(
        lambda t: f"{t[0]}://{t[1]}-bucket/{t[2]}.json"
    ),
    "bucket-endpoint": st.tuples(label, st.sampled_from(["nyc3", "ams3", "sgp1", "fra1"])).map(
        lambda t: f"{t[0]}.{t[1]}.digitaloceanspaces.com"
    )
    | label.map(lambda b: f"{b}-bucket.s3.us-east-1.amazonaws.com"),
    "database-host": st.tuples(
        label,
        st.sampled_from(["b.db.ondigitalocean.com", "us-east-1.rds.amazonaws.com", "postgres.database.azure.com"]),
    ).map(lambda t: f"{t[0]}-primary.{t[1]}"),
    "aws-access-key": st.tuples(
        st.sampled_from(["AKIA", "ASIA", "AROA"]), _chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    ).map("".join),
    "digitalocean-token": st.tuples(st.sampled_from(["dop", "doo", "dor"]), _chars("0123456789abcdef", 64)).map(
        lambda t: f"{t[0]}_v1_{t[1]}"
    ),
    "spaces-key": st.tuples(_chars(_UPPER_DIGITS, 17), st.sampled_from(string.digits)).map(lambda t: f"DO{t[1]}{t[0]}"),
    "github-token": st.tuples(st.sampled_from(["ghp", "gho", "ghu", "ghs", "ghr"]), _chars(_B62, 36)).map(
        lambda t: f"{t[0]}_{t[1]}"
    )
    | _chars(_B62 + "_", 82).map(lambda s: f"github_pat_{s}"),
    "slack-token": st.tuples(
        st.sampled_from(["xoxb", "xoxp", "xoxa"]), _chars(string.digits, 11), _chars(_B62, 24)
    ).map(lambda t: f"{t[0]}-{t[1]}-{t[1]}-{t[2]}"),
    "slack-webhook": st.tuples(_chars(_UPPER_DIGITS, 9), _chars(_UPPER_DIGITS, 9), _chars(_B62, 24)).map(
        lambda t: f"https://hooks.slack.com/services/T{t[0]}/B{t[1]}/{t[2]}"
    ),
    "chat-webhook": st.tuples(_chars(string.digits, 18), _chars(_B62 + "_-", 68)).map(
        lambda t: f"https://discord.com/api/webhooks/{t[0]}/{t[1]}"
    )
    | st.tuples(_chars(string.digits, 9), _chars(_B62 + "_-", 33)).map(lambda t: f"{t[0]}:AA{t[1]}"),
    "jwt": st.tuples(st.dictionaries(label, label, min_size=1, max_size=3), st.binary(min_size=16, max_size=64)).map(
        lambda t: f"{_JWT_HEADER}.{_b64url(json.dumps(t[0]).encode())}.{_b64url(t[1])}"
    ),
    "bearer-token": _seeded(lambda r: "Bearer " + "".join(r.choice(_B62) for _ in range(40))),
    "secret-assignment": st.tuples(
        st.sampled_from(
            ["password", "DB_PASSWORD", "secret", "api_key", "client_secret", "aws_secret_access_key", "token"]
        ),
        st.sampled_from(["=", ": ", " = ", ":=", '": "']),
        value,
        st.sampled_from(string.digits),
    ).map(lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}"),
    "email": st.tuples(label, hostname).map(lambda t: f"{t[0]}@{t[1]}.example.com"),
    "ipv4": st.tuples(octet, octet, octet, octet, st.none() | st.integers(min_value=0, max_value=32)).map(
        lambda t: ".".join(map(str, t[:4])) + ("" if t[4] is None else f"/{t[4]}")
    ),
    "ipv6": st.ip_addresses(v=6).map(str).filter(lambda s: any(c not in ":." for c in s) and "." not in s),
    "internal-hostname": st.tuples(
        hostname, st.sampled_from(["internal", "local", "lan", "corp", "intranet", "home.arpa"])
    ).map(lambda t: f"{t[0]}.{t[1]}"),
    "high-entropy": _seeded(lambda r: "".join(r.choice(_B62) for _ in range(40)))
    | _seeded(lambda r: r.randbytes(r.choice([20, 32])).hex())
    | _seeded(
        lambda r: (
            f"{r.randbytes(4).hex()}-{r.randbytes(2).hex()}-{r.randbytes(2).hex()}-{r.randbytes(2).hex()}-{r.randbytes(6).hex()}"
        )
    ),
}


def test_every_detector_has_a_generator() -> None:
    assert set(SECRET_STRATEGIES) == set(detector_names())


def _words(text: str) -> list[str]:
    return [w.strip(".,:;()'\"") for w in text.split() if "=" not in w and "@" not in w]


BENIGN_WORDS = sorted({w for item in BENIGN for w in _words(item["text"]) if w})
benign_word = st.one_of(
    st.sampled_from(BENIGN_WORDS),
    st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda f: f"{f:.2f}%"),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(
        lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
    ),
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)).map(lambda t: "v{}.{}.{}".format(*t)),
    st.sampled_from(["nyc1", "nyc3", "sfo3", "ams3", "fra1", "lon1", "sgp1", "blr1", "tor1", "syd1"]),
    st.sampled_from(
        ["status.elytracloud.com", "www.elytracloud.com", "https://elytracloud.com/pricing", "24/7", "30d", "36h"]
    ),
)
benign_text = st.lists(benign_word, min_size=1, max_size=14).map(" ".join)
before = st.sampled_from([" ", "\n", "(", "[", '"', "'", ", ", ": "])
after = st.sampled_from([" ", "\n", ")", "]", '"', "'", ", ", ". "])


@st.composite
def embedded_secret(draw: st.DrawFn, detector: str) -> tuple[str, str]:
    secret = draw(SECRET_STRATEGIES[detector])
    text = draw(benign_text) + draw(before) + secret + draw(after) + draw(benign_text)
    return secret, text


FIELDS = ("model", "notes", "policy", "region")


def _doc(field: str, text: str) -> PlatformStatus:
    regions = ["nyc3", text] if field == "region" else ["nyc3"]
    return PlatformStatus(
        updated_at=datetime(2025, 11, 10, 12, tzinfo=UTC),
        platform_status="operational",
        infrastructure=Infrastructure(
            model=text if field == "model" else "Dedicated droplet per client.",
            notes=text if field == "notes" else "Monitored 24/7.",
            regions=regions,
        ),
        backups=Backups(policy=text if field == "policy" else "Nightly backups."),
    )


_PATHS = {
    "model": "$.infrastructure.model",
    "notes": "$.infrastructure.notes",
    "policy": "$.backups.policy",
    "region": "$.infrastructure.regions[1]",
}


@pytest.mark.parametrize("detector", sorted(SECRET_STRATEGIES))
@settings(max_examples=40, deadline=None)
@given(data=st.data(), field=st.sampled_from(FIELDS))
def test_a_generated_secret_embedded_in_any_free_text_field_is_caught(
    detector: str, data: st.DataObject, field: str
) -> None:
    secret, text = data.draw(embedded_secret(detector))
    with pytest.raises(LeakDetected) as caught:
        render_document(_doc(field, text))
    mine = [f for f in caught.value.findings if f.startswith(f"{_PATHS[field]}: {detector} ")]
    assert mine, caught.value.findings
    assert secret not in str(caught.value)
    if detector in SECRET_DETECTORS:
        assert secret not in redact_text(text)


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(FIELDS), text=benign_text)
def test_documents_from_the_benign_vocabulary_always_pass(field: str, text: str) -> None:
    doc = _doc(field, text)
    assert decode(render_document(doc)) == doc
    assert redact_text(text) == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_redaction_is_idempotent_and_leaves_no_credential(text: str) -> None:
    once = redact_text(text)
    assert redact_text(once) == once
    assert not {f.detector for f in scan_text(once)} & SECRET_DETECTORS


# --- purity and the documented figures ----------------------------------------------------------


def test_docs_show_the_measured_figures() -> None:
    bench = _bench()
    figures = bench.figures()
    assert figures.caught == figures.caught_by_own == figures.leaks, "every leak caught by its own detector"
    assert figures.false_alarms == 0
    doc = (ROOT / "docs" / "redaction.md").read_text(encoding="utf-8")
    assert bench.summary_table(figures) in doc
    assert bench.detector_table(figures) in doc
    for detector in DETECTORS:
        assert f"`{detector.name}`" in doc


def test_docs_show_the_random_token_figures() -> None:
    doc = (ROOT / "docs" / "redaction.md").read_text(encoding="utf-8")
    assert _bench().random_token_table() in doc
