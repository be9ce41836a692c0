"""The redaction detectors: the corpus, Hypothesis properties, the allowlist, log masking, linear time.

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
import socket
import string
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from types import ModuleType
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elytra_status_contract import Backups, Infrastructure
from elytra_status_core import LeakDetected, PlatformStatus, decode, render_document
from elytra_status_core._core.redact import (
    DETECTORS,
    Detector,
    KnownSecrets,
    detector_names,
    mask_url,
    redact_text,
    scan_output,
    scan_text,
    scan_value,
    url_secrets,
)
from elytra_status_core._core.redact import scan as scanning
from elytra_status_core._core.redact.detectors import MAX_REPEAT, inet_aton
from elytra_status_core._core.redact.lazy import PATTERNS, lazy
from elytra_status_core._core.redact.names import secret_name
from elytra_status_core._core.redact.normalise import fold
from elytra_status_core._core.redact.values import credential_like
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


def test_the_corpus_is_big_enough_and_covers_every_detector_and_family() -> None:
    assert len(LEAKS) >= 150 and len(BENIGN) >= 150
    labelled = {item["detector"] for item in LEAKS}
    assert labelled == set(detector_names())
    for name in detector_names():
        assert sum(item["detector"] == name for item in LEAKS) >= 3, name
    bench = _bench()
    assert {item["family"] for item in LEAKS} == set(bench.LEAK_FAMILIES)
    assert {item["family"] for item in BENIGN} == set(bench.BENIGN_FAMILIES)
    for family in bench.LEAK_FAMILIES:
        assert sum(item["family"] == family for item in LEAKS) >= 8, family
    for family in bench.BENIGN_FAMILIES:
        assert sum(item["family"] == family for item in BENIGN) >= 8, family


@pytest.mark.parametrize(
    ("leak_words", "benign_words"),
    [
        (("passwort", "kennwort", "schlüssel", "lautet"), ("passwort", "kennwort", "schlüssel", "wartung")),
        (("mot de passe", "adresse"), ("mot de passe", "jeton", "sauvegardes")),
        (("contraseña", "clave", "servidor"), ("contraseña", "clave", "copias")),
        (("wachtwoord", "sleutel", "adres"), ("wachtwoord", "sleutel", "back-ups")),
        (("senha", "chave", "endereço"), ("senha", "versão", "backups diários")),
        (("la password",), ("la password",)),
        (("password", "token", "secret"), ("password", "token", "secret")),
    ],
    ids=["de", "fr", "es", "nl", "pt", "it", "en"],
)
def test_the_corpus_speaks_several_languages(leak_words: tuple[str, ...], benign_words: tuple[str, ...]) -> None:
    for word in leak_words:
        assert any(word in item["text"].lower() for item in LEAKS), word
    for word in benign_words:
        assert any(word in item["text"].lower() for item in BENIGN), word


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


# --- text nobody here wrote: normalisation, decoding, masks in the original's terms ----------------

GITHUB = "ghp_mzOKonbZENuwXcnKiVAxB8gSuSKrO43BznkU"


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _percent_all(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode())


@pytest.mark.parametrize(
    ("text", "detector", "original"),
    [
        (f"token {GITHUB[:3]}\u200b{GITHUB[3:]} leaked", "github-token", f"{GITHUB[:3]}\u200b{GITHUB[3:]}"),
        (f"token {_fullwidth(GITHUB)} leaked", "github-token", _fullwidth(GITHUB)),
        (
            "key \u0391\u039a\u0399\u0391IOSFODNN7EXAMPLE here",
            "aws-access-key",
            "\u0391\u039a\u0399\u0391IOSFODNN7EXAMPLE",
        ),
        (
            "origin \uff11\uff10\uff0e\uff10\uff0e\uff10\uff0e\uff15 down",
            "ipv4",
            "\uff11\uff10\uff0e\uff10\uff0e\uff10\uff0e\uff15",
        ),
        (f"next={_percent_all(GITHUB)} in the log", "github-token", _percent_all(GITHUB)),
    ],
    ids=["zero-width", "fullwidth", "greek-prefix", "fullwidth-address", "percent-encoded"],
)
def test_findings_and_masks_are_in_the_original_texts_terms(text: str, detector: str, original: str) -> None:
    findings = [f for f in scan_text(text) if f.detector == detector]
    assert [f.masked for f in findings] == [f"{original[:2]}…({len(original)} chars)"]
    if detector in SECRET_DETECTORS:
        redacted = redact_text(text)
        head, tail = text.split(original)
        assert original not in redacted and redacted.startswith(head) and redacted.endswith(tail)


def test_fold_removes_invisible_characters_and_maps_spans_back() -> None:
    text = "pa\u00adss\u200bw\u043erd\uff1d\uff58"  # soft hyphen, zero-width space, Cyrillic o, fullwidth "=" and "x"
    folded = fold(text)
    assert folded.text == "password=x"
    assert folded.span(0, len(folded.text)) == (0, len(text))
    assert text[slice(*folded.span(8, 10))] == "\uff1d\uff58"
    assert fold("Zürich, contraseña, Straße").text == "Zurich, contrasena, Strasse"
    ascii_text = "All systems operational."
    assert fold(ascii_text).text == ascii_text and fold(ascii_text).starts is None


def test_percent_and_base64_runs_are_decoded_and_scanned_again() -> None:
    url = quote("postgres://report:Kiwi#99@db.example.com/metrics", safe="")
    assert {"url-credentials", "database-url"} <= {f.detector for f in scan_text(f"dsn {url}")}
    login = base64.b64encode(b"ops:Lime#55x").decode()
    assert "encoded-credentials" in {f.detector for f in scan_text(f"credentials {login} in the probe")}
    blob = base64.b64encode(b"https://deploy:Qx7kP2mZ@git.example.com/infra.git").decode()
    assert "url-credentials" in {f.detector for f in scan_text(f"config {blob}")}
    assert "Qx7kP2mZ" not in redact_text(f"config {blob}") and blob not in redact_text(f"config {blob}")
    double = "redis%253A%252F%252F%253ASekr3tAbc%2540cache.example.com"
    assert "url-credentials" in {f.detector for f in scan_text(double)}
    assert scan_text("Docs: https://docs.elytracloud.com/search?q=backup%20policy%20and%20retention") == []


# --- assignments, placeholders, addresses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DB_MASTER_PASSWORD", "strong"),
        ("PGPASSWORD", "strong"),
        ("x-api-key", "strong"),
        ("AccountKey", "weak"),
        ("rootpw", "strong"),
        ("pwd", "strong"),
        ("Passwort", "strong"),
        ("wachtwoord", "strong"),
        ("contrasena", "strong"),
        ("senha", "strong"),
        ("p", "letter"),
        ("password_policy", None),
        ("token_env", None),
        ("SharedAccessKeyName", None),
        ("public_key", None),
        ("primary_key", None),
        ("keyboard", None),
        ("author", None),
        ("session_id", "strong"),
        ("SESSION_DRIVER", None),
        ("secretary", None),
    ],
)
def test_names_that_say_their_value_is_a_secret(name: str, expected: str | None) -> None:
    assert secret_name(name) == expected
    assert secret_name("passe", "le mot de ") == "strong"
    assert secret_name("API", "la cle ") == "strong"


@pytest.mark.parametrize(
    "text",
    [
        "DB_MASTER_PASSWORD=Koala!Tree42",
        "MYSQLROOTPASSWORD=Granite42",
        "pw: Lighthouse7",
        "p=Quartz2024!",
        "x-api-key: 4c3b2a1f9e8d7c6b5a49",
        "Passwort: Sommer2024!",
        "Le mot de passe est Papillon#77",
        "La contraseña es Girasol2024!",
        "A senha é Jabuticaba88",
        "Het wachtwoord is Tulpen2025!",
        "The temporary password for the status dashboard is Pelican-4471.",
        "DefaultEndpointsProtocol=https;AccountName=elytra;AccountKey=q8Zc1Vt5Rw2Xy7Pb4Nd9Lm3KqPwz==;EndpointSuffix=core.windows.net",
        "SIGNING_SALT=Q9vX2mW7bT1cR8nL4sY6hD0jF5gK3aE9",
        "https://portal.example.com/account?PHPSESSID=9k2j4h5g6f7d8s9a0q1w2e3r4t",
        "https://api.example.com/v1?pass%77ord=Heron2025",
        "token=<9f8e7d6c5b4a3f2e1d0c>",
        "password: [Stormcloud77]",
        "api_key=***&secret=Zr8Lp3Vq1",
        "password=****Hunter2024",
    ],
)
def test_secrets_given_to_a_name_are_caught_and_masked(text: str) -> None:
    assert {f.detector for f in scan_text(text)} & SECRET_DETECTORS, text
    redacted = redact_text(text)
    assert not {f.detector for f in scan_text(redacted)} & SECRET_DETECTORS, redacted


@pytest.mark.parametrize(
    "text",
    [
        "Passwords are rotated every 90 days.",
        "Secrets: stored in HashiCorp Vault, never in the repository.",
        "Password: n/a (key-based login only)",
        "password=<your-password>",
        "Use api_key=${API_KEY} in CI.",
        "secret: '{{ .Values.secret }}'",
        "DB_PASSWORD=***",
        "token_env = BETTERSTACK_TOKEN",
        "Encryption key: AES-256-GCM, managed in a KMS.",
        "max_tokens=128000",
        "sessionAffinity: ClientIP",
        "Das Passwort muss mindestens 12 Zeichen lang sein.",
    ],
)
def test_prose_placeholders_and_settings_pass(text: str) -> None:
    assert scan_text(text) == []


@pytest.mark.parametrize(
    "address",
    ["10.0.0.1", "0300.0250.0001.0001", "0xC0.0xA8.0x01.0x01", "0xC0A80101", "10.0.0.1:8443", "172.16.0.0/12"],
)
def test_ipv4_in_any_notation_is_an_address_on_its_own(address: str) -> None:
    assert "ipv4" in {f.detector for f in scan_text(f"upstream moved to {address} today")}


@pytest.mark.parametrize("address", ["3232235777", "192.168.257", "10.1", "2130706433", "017700000001"])
@pytest.mark.parametrize("where", ["http://{}/status", "{}:8080", "ping {}", "IP-Adresse {}", "l'adresse IP {}"])
def test_short_and_numeric_ipv4_forms_are_addresses_where_the_text_says_so(address: str, where: str) -> None:
    assert "ipv4" in {f.detector for f in scan_text(where.format(address))}


@pytest.mark.parametrize(
    "text",
    [
        "Firmware version 10.0.0.1 is rolled out.",
        "Upgraded Grafana to v10.4.1.2.",
        "Release 1.2.3.4-rc1 is available.",
        "elytra-status-1.2.0.3.tar.gz",
        "pip install elytra-status==1.0.1.2",
        "Section 4.2.1.3 of the SLA.",
        "Wartung am 10.11.2025.",
        "Latency 12.5 ms, ratio 3:2.",
        "Order 4294967295 shipped.",
        "Error code 0x80070005.",
    ],
)
def test_version_numbers_dates_and_plain_numbers_are_not_addresses(text: str) -> None:
    assert scan_text(text) == []


def test_version_context_yields_to_a_port_or_a_prefix_length() -> None:
    assert "ipv4" in {f.detector for f in scan_text("version 10.0.0.1:8080")}
    assert "ipv4" in {f.detector for f in scan_text("release 10.0.0.0/8")}


@pytest.mark.parametrize(
    "host",
    [
        "payments.service.consul",
        "web.service.nyc3.consul",
        "redis-master.cache.svc.cluster.local",
        "api.billing.svc",
        "10-244-1-17.default.pod.cluster.local",
    ],
)
def test_service_discovery_names_are_internal_hostnames(host: str) -> None:
    assert "internal-hostname" in {f.detector for f in scan_text(f"{host} is slow")}


@st.composite
def inet_aton_strings(draw: st.DrawFn) -> str:
    """Strings in inet_aton's grammar: 1 to 4 parts, each decimal, octal or hex, in range or not."""
    count = draw(st.integers(1, 4))
    parts: list[str] = []
    for _ in range(count):
        value = draw(st.integers(0, 2**32) | st.integers(0, 300))
        form = draw(st.sampled_from(["dec", "oct", "hex", "HEX", "bad-octal"]))
        if form == "dec":
            parts.append(str(value))
        elif form == "oct":
            parts.append("0" + format(value, "o"))
        elif form == "hex":
            parts.append("0x" + format(value, "x"))
        elif form == "HEX":
            parts.append("0X" + format(value, "X"))
        else:
            parts.append("0" + str(value) + "9")
    return ".".join(parts)


def _libc(text: str) -> int | None:
    try:
        return int.from_bytes(socket.inet_aton(text), "big")
    except OSError:
        return None


@settings(max_examples=500, deadline=None)
@given(text=inet_aton_strings())
def test_inet_aton_reads_addresses_as_the_c_library_does(text: str) -> None:
    assert inet_aton(text) == _libc(text)


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
    assert mask_url("https://h.example.com/?PHPSESSID=abc123") == "https://h.example.com/?PHPSESSID=***"


def test_url_secrets_are_the_password_and_the_sensitive_query_values() -> None:
    assert url_secrets("https://ops:p%40ss%21word@h.example.com/a?token=tok123&page=2") == [
        "p%40ss%21word",
        "p@ss!word",
        "tok123",
    ]
    assert url_secrets("s3://bucket/key") == []
    assert url_secrets("http://[::1") == []


# --- known secrets: masked by value, whatever their shape ------------------------------------------


def test_known_secrets_are_masked_by_value_and_in_their_encoded_forms() -> None:
    known = KnownSecrets.of(["correcthorse", "p@ss w0rd!", "short"])
    assert (
        redact_text("401: bad token correcthorse", known=known) == "401: bad token [redacted known-secret (12 chars)]"
    )
    assert "correcthorse" not in redact_text("x correcthorsecorrecthorse y", known=known)
    assert redact_text("GET /?pw=p%40ss%20w0rd%21 failed", known=known) == (
        "GET /?pw=[redacted known-secret (16 chars)] failed"
    )
    assert "p@ss+w0rd" not in redact_text("form p%40ss+w0rd%21 sent", known=known)
    assert redact_text("a short word stays", known=known) == "a short word stays"  # under 6 characters: ignored
    assert redact_text("401: bad token correcthorse", known=["correcthorse"]) == redact_text(
        "401: bad token correcthorse", known=known
    )
    assert redact_text("correcthorse", allow=["correcthorse"], known=known) != "correcthorse"
    masked = redact_text("echo: correcthorse", known=known)
    assert redact_text(masked, known=known) == masked
    assert (known | KnownSecrets.of(["monitoring-2024"])).values == {"correcthorse", "p@ss w0rd!", "monitoring-2024"}
    assert not KnownSecrets() and known


def test_without_the_known_value_a_shapeless_secret_passes() -> None:
    """The reason for known secrets: no detector can tell this token from a word."""
    assert redact_text("401: bad token correcthorse") == "401: bad token correcthorse"


# --- Hypothesis: any secret anywhere is caught, benign vocabulary always passes ------------------

_B62 = string.ascii_letters + string.digits
_UPPER_DIGITS = string.ascii_uppercase + string.digits
_SYMBOLS = "!#%&*_-.~"


def _chars(alphabet: str, n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=n, max_size=n)


def _seeded(make: Callable[[random.Random], str]) -> st.SearchStrategy[str]:
    """Tokens as a generator of credentials makes them: from a random source, not hand-picked."""
    return st.integers(min_value=0, max_value=2**32).map(lambda seed: make(random.Random(seed)))


def _password(r: random.Random) -> str:
    """A generated password: 10 to 20 characters with letters, digits and symbols."""
    body = [r.choice(_B62 + _SYMBOLS) for _ in range(r.randint(8, 18))]
    return r.choice(string.ascii_letters) + "".join(body) + r.choice(string.digits)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


_JWT_HEADER = _b64url(b'{"alg":"HS256","typ":"JWT"}')

label = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10).filter(
    lambda s: s[0].isalnum() and s[-1].isalnum()
)
hostname = st.lists(label, min_size=1, max_size=3).map(".".join)
octet = st.integers(min_value=0, max_value=255)
address = st.integers(min_value=1 << 24, max_value=2**32 - 1)


def _ipv4_forms(value: int, form: str, port: int) -> str:
    a, b, c, d = value.to_bytes(4, "big")
    written = {
        "dotted": f"{a}.{b}.{c}.{d}",
        "octal": ".".join("0" + format(x, "o") for x in (a, b, c, d)),
        "hex-parts": ".".join(f"0x{x:02X}" for x in (a, b, c, d)),
        "hex": f"0x{value:08X}",
        "decimal": str(value),
        "three-part": f"{a}.{b}.{c * 256 + d}",
        "two-part": f"{a}.{value & 0xFFFFFF}",
    }[form]
    return f"{written}:{port}" if form in ("decimal", "three-part", "two-part") else written


SECRET_STRATEGIES: dict[str, st.SearchStrategy[str]] = {
    "private-key": st.tuples(
        st.sampled_from(
            ["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]
        ),
        st.binary(min_size=16, max_size=200),
    ).map(lambda t: f"-----BEGIN {t[0]}-----\n{base64.b64encode(t[1]).decode()}\n-----END {t[0]}-----"),
    "url-credentials": st.tuples(
        st.sampled_from(["https", "http", "ftp", "sftp", "git+ssh"]), label, _seeded(_password), hostname
    ).map(lambda t: f"{t[0]}://{t[1]}:{t[2]}@{t[3]}.example.com/"),
    "url-token": st.tuples(
        hostname,
        st.sampled_from(
            [
                "token",
                "access_token",
                "api_key",
                "apikey",
                "key",
                "sig",
                "X-Amz-Signature",
                "secret",
                "sid",
                "PHPSESSID",
            ]
        ),
        _seeded(lambda r: "".join(r.choice(_B62) for _ in range(r.randint(12, 32)))),
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
    "spaces-key": _seeded(
        lambda r: "DO" + r.choice(string.digits) + "".join(r.choice(_UPPER_DIGITS) for _ in range(17))
    ),
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
    "encoded-credentials": st.tuples(label, _seeded(_password)).map(
        lambda t: base64.b64encode(f"{t[0]}:{t[1]}".encode()).decode()
    ),
    "secret-assignment": st.tuples(
        st.sampled_from(
            [
                "password",
                "DB_PASSWORD",
                "DB_MASTER_PASSWORD",
                "PGPASSWORD",
                "secret",
                "api_key",
                "x-api-key",
                "client_secret",
                "aws_secret_access_key",
                "token",
                "pwd",
                "Passwort",
                "wachtwoord",
                "senha",
            ]
        ),
        st.sampled_from(["=", ": ", " = ", ":=", '": "']),
        _seeded(_password),
    ).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
    "secret-statement": st.tuples(
        st.sampled_from(
            [
                "the temporary password is",
                "the password for the admin account is",
                "das Passwort lautet",
                "le mot de passe est",
                "la contraseña es",
                "a senha é",
                "het wachtwoord is",
                "la password è",
            ]
        ),
        _seeded(_password),
    ).map(" ".join),
    "email": st.tuples(label, hostname).map(lambda t: f"{t[0]}@{t[1]}.example.com"),
    "ipv4": st.tuples(octet, octet, octet, octet, st.none() | st.integers(min_value=0, max_value=32)).map(
        lambda t: ".".join(map(str, t[:4])) + ("" if t[4] is None else f"/{t[4]}")
    )
    | st.builds(
        _ipv4_forms,
        address,
        st.sampled_from(["dotted", "octal", "hex-parts", "hex", "decimal", "three-part", "two-part"]),
        st.integers(1, 65535),
    ),
    "ipv6": st.ip_addresses(v=6).map(str).filter(lambda s: any(c not in ":." for c in s) and "." not in s),
    "internal-hostname": st.tuples(
        hostname,
        st.sampled_from(["internal", "local", "lan", "corp", "intranet", "home.arpa", "service.consul", "svc"]),
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


_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@st.composite
def disguised(draw: st.DrawFn, secret: str) -> str:
    """``secret`` as text from elsewhere writes it: as it is, split by invisible characters, fullwidth, percent-encoded."""
    how = draw(st.sampled_from(["plain", "zero-width", "fullwidth", "percent", "percent-all"]))
    if how == "zero-width":
        cuts = sorted(draw(st.lists(st.integers(1, max(1, len(secret) - 1)), min_size=1, max_size=3)))
        pieces = [secret[a:b] for a, b in zip([0, *cuts], [*cuts, len(secret)], strict=True)]
        return "".join(piece + draw(st.sampled_from(_INVISIBLE)) for piece in pieces[:-1]) + pieces[-1]
    if how == "fullwidth":
        return _fullwidth(secret)
    if how == "percent":
        return quote(secret, safe="")
    if how == "percent-all":
        return _percent_all(secret)
    return secret


def _words(text: str) -> list[str]:
    return [w.strip(".,:;()'\"") for w in text.split() if "=" not in w and "@" not in w]


_CONTEXT_WORDS = re.compile(
    r"^(?:versions?|ver|v|release[sd]?|build|built|firmware|kernel|patch(?:ed)?|section|chapter|schema|contract|rev"
    r"|revision|tag|commit|merged?|fix(?:ed)?|deployed|deploy|main|branch|upgrade[d]?|running|installed|requires"
    r"|ships|shipped|changelog|revert|git|sha|ip|address|adresse|host|server|ping|ssh|origin|upstream|gateway)$",
    re.I,
)


def _vocabulary_word(word: str) -> bool:
    """A word for benign texts: benign on its own, naming no secret, and not changing how what follows reads.

    Words such as "version" or "commit" make the number or hash after them
    benign, and "password" makes the word after it a secret: a random
    sequence of them says things no benign text in the corpus says.
    """
    return (
        bool(word)
        and not scan_text(word)
        and secret_name(word) is None
        and not credential_like(word)
        and not _CONTEXT_WORDS.match(word)
    )


BENIGN_WORDS = sorted({w for item in BENIGN for w in _words(item["text"]) if _vocabulary_word(w)})
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


def test_the_benign_vocabulary_is_large() -> None:
    assert len(BENIGN_WORDS) >= 400


@st.composite
def embedded_secret(draw: st.DrawFn, detector: str) -> tuple[str, str, str]:
    secret = draw(SECRET_STRATEGIES[detector])
    shown = draw(disguised(secret))
    text = draw(benign_text) + draw(before) + shown + draw(after) + draw(benign_text)
    return secret, shown, text


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
@settings(max_examples=60, deadline=None)
@given(data=st.data(), field=st.sampled_from(FIELDS))
def test_a_generated_secret_disguised_and_embedded_in_any_free_text_field_is_caught(
    detector: str, data: st.DataObject, field: str
) -> None:
    secret, shown, text = data.draw(embedded_secret(detector))
    with pytest.raises(LeakDetected) as caught:
        render_document(_doc(field, text))
    mine = [f for f in caught.value.findings if f.startswith(f"{_PATHS[field]}: {detector} ")]
    assert mine, caught.value.findings
    assert secret not in str(caught.value) and shown not in str(caught.value)
    if detector in SECRET_DETECTORS:
        redacted = redact_text(text)
        assert secret not in redacted and shown not in redacted


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(FIELDS), text=benign_text)
def test_documents_from_the_benign_vocabulary_always_pass(field: str, text: str) -> None:
    doc = _doc(field, text)
    assert decode(render_document(doc)) == doc
    assert redact_text(text) == text


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=200)
    | st.lists(st.sampled_from([*BENIGN_WORDS[:50], "=", ":", "%41", "\u200b", "***"])).map("".join)
)
def test_redaction_is_idempotent_and_leaves_no_credential(text: str) -> None:
    once = redact_text(text)
    assert redact_text(once) == once
    assert not {f.detector for f in scan_text(once)} & SECRET_DETECTORS


# --- linear time: bounded windows, bounded quantifiers --------------------------------------------

_QUANTIFIER = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\{(\d*)(,?)(\d*)\}|[*+?]")


def unbounded_quantifiers(regex: str) -> list[str]:
    """The quantifiers of ``regex`` without an upper bound, or with one above ``MAX_REPEAT``.

    Escapes and character classes are skipped; ``(?`` opens a group, not a quantifier.
    """
    found: list[str] = []
    for match in _QUANTIFIER.finditer(regex):
        token = match.group(0)
        if token.startswith(("\\", "[")) or token == "?":
            continue
        if token in ("*", "+"):
            if regex[match.start() - 1 : match.start()] in ("*", "+", "?", "}"):
                continue  # the possessive or lazy mark after a quantifier
            found.append(token)
        elif (match.group(2) and not match.group(3)) or int(match.group(3) or match.group(1) or 0) > MAX_REPEAT:
            found.append(token)
    return found


def test_the_quantifier_check_finds_what_it_looks_for() -> None:
    assert unbounded_quantifiers(r"a+b*c{2,}") == ["+", "*", "{2,}"]
    assert unbounded_quantifiers(r"[a+*]{1,9}\+\*(?:x){0,3}+y?") == []
    assert unbounded_quantifiers(r"a{1,99999}") == ["{1,99999}"]


def _patterns() -> Iterator[tuple[str, str]]:
    for detector in DETECTORS:
        yield detector.name, detector.regex


@pytest.mark.parametrize(("name", "regex"), list(_patterns()), ids=[name for name, _ in _patterns()])
def test_every_detector_pattern_has_bounded_quantifiers(name: str, regex: str) -> None:
    assert unbounded_quantifiers(regex) == [], name


class _Recorder:
    """Stands in for a compiled pattern and records the span of text each search is given."""

    def __init__(self, pattern: re.Pattern[str], seen: list[tuple[int, int]]) -> None:
        self._pattern = pattern
        self._seen = seen

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        self._seen.append((pos, min(endpos, len(text))))
        return self._pattern.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        self._seen.append((pos, min(endpos, len(text))))
        return self._pattern.finditer(text, pos, endpos)


MB = 1 << 20


@pytest.mark.parametrize("shape", sorted(_bench().adversarial_inputs(MB)))
def test_a_megabyte_in_a_shape_that_backtracks_is_scanned_in_bounded_windows(
    shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each pattern call sees one window; each window's searches move forward; so the work is linear."""
    text = _bench().adversarial_inputs(MB)[shape]
    seen: list[tuple[int, int]] = []
    original = Detector.pattern

    def recorded(self: Detector) -> Any:
        return _Recorder(original.fget(self), seen) if original.fget else None

    monkeypatch.setattr(Detector, "pattern", property(recorded))
    scan_text(text)
    assert seen, "the patterns ran"
    assert max(end - start for start, end in seen) <= scanning.STEP + scanning.REACH
    windows = list(scanning.windows(len(text)))
    assert len(windows) <= len(text) // scanning.STEP + 1
    assert sum(end - start for start, _own_end, end in windows) <= len(text) * (1 + scanning.REACH / scanning.STEP) + 1


def test_windows_own_every_position_exactly_once() -> None:
    for length in (0, 10, scanning.STEP + scanning.REACH, 3 * scanning.STEP + 17):
        owned = [i for start, end, _ in scanning.windows(length) for i in range(start, end)]
        assert owned == list(range(length))
        assert all(read - start <= scanning.STEP + scanning.REACH for start, _, read in scanning.windows(length))


def test_a_hit_across_a_window_boundary_is_found_once_and_whole() -> None:
    token = "ghp_" + "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"
    for shift in range(-30, 31, 6):
        text = "x " * ((scanning.STEP + shift) // 2) + token + " tail" + " y" * scanning.REACH
        findings = [f for f in scan_text(text) if f.detector == "github-token"]
        assert [f.masked for f in findings] == [f"gh…({len(token)} chars)"], shift
        assert token not in redact_text(text)


def test_a_long_private_key_is_masked_to_its_end_line() -> None:
    body = "\n".join(base64.b64encode(random.Random(5).randbytes(48)).decode() for _ in range(200))
    key = f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"
    assert len(key) > scanning.WINDOW
    redacted = redact_text(f"leaked: {key} (rotated)")
    assert redacted.startswith("leaked: [redacted private-key") and redacted.endswith(" (rotated)")


@pytest.mark.parametrize(("regex", "flags"), PATTERNS, ids=[f"{i:02d}" for i in range(len(PATTERNS))])
def test_every_helper_pattern_has_bounded_quantifiers(regex: str, flags: int) -> None:
    if flags & re.VERBOSE:
        regex = re.sub(r"\s#[^\n]*", "", regex)  # comments are not pattern
    assert unbounded_quantifiers(regex) == [], regex


_COUNT_COMPILES = """
import json, re, sys
import msgspec, elytra_status_core._core
compiled = []
real = re.compile
def counting(pattern, flags=0):
    compiled.append(str(pattern))
    return real(pattern, flags)
re.compile = counting
import elytra_status_core._core.redact as redact
at_import = len(compiled)
redact.scan_output(sys.argv[1])
print(json.dumps([at_import, len(compiled), len(redact.DETECTORS)]))
"""


def test_importing_compiles_nothing_and_a_typical_document_compiles_few_patterns() -> None:
    import subprocess

    document = _bench().TYPICAL_DOCUMENT
    result = subprocess.run(
        [sys.executable, "-c", _COUNT_COMPILES, document], capture_output=True, text=True, check=True
    )
    at_import, after_scan, detectors = json.loads(result.stdout)
    assert at_import == 0
    assert after_scan < detectors / 2


def test_lazy_patterns_compile_once() -> None:
    pattern = lazy(r"ab{1,3}")
    assert pattern() is pattern() and pattern().fullmatch("abb") is not None
    detector = Detector("demo", r"x{1,4}", False, "demo")
    assert detector.regex == r"x{1,4}" and detector.pattern is detector.pattern


# --- purity and the documented figures ----------------------------------------------------------


def test_docs_show_the_measured_figures() -> None:
    bench = _bench()
    figures = bench.figures()
    assert figures.caught == figures.caught_by_own == figures.leaks, "every leak caught by its own detector"
    assert figures.false_alarms <= 0.02 * figures.benign
    doc = (ROOT / "docs" / "redaction.md").read_text(encoding="utf-8")
    assert bench.summary_table(figures) in doc
    assert bench.leak_family_table(figures) in doc
    assert bench.benign_family_table(figures) in doc
    assert bench.detector_table(figures) in doc
    for text, _found in figures.flagged:
        assert text in doc, f"a false alarm the document does not name: {text!r}"
    for detector in DETECTORS:
        assert f"`{detector.name}`" in doc


def test_docs_show_the_random_token_figures() -> None:
    doc = (ROOT / "docs" / "redaction.md").read_text(encoding="utf-8")
    assert _bench().random_token_table() in doc
