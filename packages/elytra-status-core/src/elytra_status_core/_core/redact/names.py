"""Does a name say that its value is a secret? Pure.

``DB_MASTER_PASSWORD``, ``x-api-key``, ``PGPASSWORD``, ``rootpw``,
``AccountKey``, ``Passwort``, ``mot de passe``, ``contraseña``: the name of
an assignment (or the subject of a sentence) carries a secret word, in one
of several languages. Names are read after ``normalise.fold`` (ASCII, no
diacritics), cut into words at ``_``, ``-``, ``.``, spaces and camelCase
humps, and lower-cased.

- *strong* words (``password``, ``secret``, ``token``, ``credential``,
  ``Passwort``, ``senha``, ...) count anywhere in the name, even glued
  (``PGPASSWORD``, ``VAULTTOKEN``);
- *weak* words (``pw``, ``pwd``, ``pass``, ``key``, ``auth``, ``session``,
  ``sid``, ``sig``, ``clave``, ``Schlüssel``, ...) count as a whole word or
  glued to a short prefix (``rootpw``, ``dbpass``), not inside ordinary words
  (``compass``, ``keyboard``, ``author``);
- a name that ends in a word *about* the secret (``password_policy``,
  ``token_env``, ``key_id``, ``auth_url``, ``session_timeout``) is not the
  secret, nor is a public key (``public_key``, ``pubkey``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, Literal

from .lazy import lazy

__all__ = ["ABOUT", "PHRASES", "Strength", "mentions_secret_word", "password_word", "secret_name", "words"]

Strength = Literal["strong", "weak", "letter"]

STRONG: Final = (
    "password", "passwd", "passphrase", "passwort", "kennwort", "wachtwoord", "contrasena", "contrasenya",
    "senha", "motdepasse", "haslo", "losenord", "adgangskode", "passord", "salasana", "sifre",
    "secret", "secreto", "segreto", "segredo", "geheim", "token", "jeton", "apikey", "accesskey", "secretkey",
    "privatekey", "signingkey", "masterkey", "encryptionkey", "passkey", "credential", "credenciales",
    "credenziali", "credenciais", "zugangsdaten", "sessionid", "sessid", "sesskey", "clientsecret",
)  # fmt: skip
"""Words that make a name a secret's name wherever they are in it (``PGPASSWORD``, ``VAULTTOKEN``)."""
WHOLE_STRONG: Final = frozenset({"pw", "pwd", "pswd", "psw", "pword", "passw", "mdp", "clave", "pin", "passcode"})
"""Words as strong, but only as a whole word (``clave``, not ``enclave``)."""
WEAK: Final = frozenset(
    {
        "pass", "key", "keys", "auth", "sess", "session", "cred", "creds", "cle", "clef", "llave", "chave",
        "chiave", "sleutel", "schlussel", "otp", "hmac", "authorization",
    }
)  # fmt: skip
"""Words that often name a secret and often do not (``Key: green = up``, ``Session 2``)."""
QUERY_WEAK: Final = frozenset({"sig", "signature", "sid"})
"""Weak only as the name of a URL query parameter (``&sig=``, ``?sid=``); elsewhere ordinary words."""
_GLUED: Final = {"pw": "strong", "pwd": "strong", "pass": "weak", "key": "weak", "token": "strong"}
"""Words that also count glued to a short prefix: ``rootpw``, ``dbpass``, ``sshkey``."""
_NOT_SECRET_WORDS: Final = frozenset(
    {
        "secretary", "secretaries", "secretariat", "tokenizer", "tokenizers", "tokenize", "tokenized",
        "tokenization", "passwordless", "keyboard", "keyboards", "keynote", "keyword", "keywords", "keystone",
        "monkey", "turkey", "hockey", "donkey", "jockey", "whiskey", "hotkey", "hotkeys", "turnkey", "lackey",
        "compass", "bypass", "overpass", "underpass", "surpass", "trespass", "passage", "passenger", "passengers",
        "passport", "passive", "author", "authors", "authored", "authority", "pubkey", "publickey", "spin",
        "pinned", "pinning", "hairpin", "enclave", "autoclave", "keyspace", "keyspaces", "monkeypatch",
    }
)  # fmt: skip
ABOUT: Final = frozenset(
    {
        "type", "types", "mode", "method", "methods", "policy", "policies", "length", "len", "min", "max",
        "minlength", "maxlength", "expiry", "expires", "expiration", "exp", "ttl", "timeout", "lifetime", "age",
        "rotation", "rotate", "rotated", "interval", "period", "url", "uri", "urls", "endpoint", "endpoints",
        "host", "port", "file", "files", "path", "dir", "header", "name", "names", "env", "var", "variable",
        "format", "field", "size", "count", "version", "algorithm", "alg", "algo", "scheme", "provider", "source",
        "store", "backend", "hint", "required", "enabled", "disabled", "enable", "prefix", "suffix", "strength",
        "rule", "rules", "reset", "location", "manager", "vault", "service", "server", "issuer", "audience",
        "kind", "label", "description", "desc", "help", "error", "errors", "message", "msg", "status", "state",
        "flag", "option", "options", "setting", "settings", "config", "id", "ids", "fingerprint", "hashing",
        "encryption", "encrypted", "hashed", "storage", "handling", "usage", "used", "generation", "generator",
        "changed", "change", "last", "created", "updated", "login", "authentication", "authenticated", "ref",
        "refs", "reference", "arn", "mount", "volume", "driver", "domain", "secure", "samesite", "table",
        "connection", "lottery", "affinity", "persistence", "sticky", "stickiness", "cookie", "recording",
        "recordings", "replay", "limit", "limits", "quota", "rate", "per", "scope", "scopes", "role", "roles",
        # the same in German, French, Spanish, Portuguese, Dutch and Italian
        "richtlinie", "richtlinien", "regel", "regeln", "lange", "laenge", "ablauf", "gultigkeit", "dauer",
        "wechsel", "lebensdauer", "hinweis", "politique", "regle", "regles", "longueur", "duree", "politica",
        "politicas", "longitud", "duracion", "caducidad", "comprimento", "duracao", "validade", "beleid",
        "lengte", "regels", "geldigheid", "lunghezza", "durata", "scadenza", "regola", "regole",
    }
)  # fmt: skip
"""Words after the secret word that make the name about the secret (``password_policy``), not the secret."""
_KEY_KINDS: Final = frozenset(
    {
        "primary", "foreign", "partition", "sort", "hash", "shard", "sharding", "cache", "routing", "idempotency",
        "dedup", "dedupe", "lookup", "index", "composite", "unique", "object", "map", "dict", "registry", "row",
        "range", "cluster", "clustering", "join", "group", "natural", "surrogate", "candidate", "alternate",
        "compound", "music", "piano", "legend", "answer", "success", "product", "license",
    }
)  # fmt: skip
"""Keys that are not secrets: a primary key, a cache key, a map legend."""
_SESSION: Final = frozenset({"session", "sess", "sid", "sessionid", "sessid"})
_PUBLIC: Final = frozenset({"public", "pub"})

PHRASES: Final = (
    "mot de passe", "mot-de-passe", "cle api", "cle secrete", "cle d'acces", "cle privee", "clave api",
    "clave secreta", "clave de acceso", "clave privada", "chave api", "chave secreta", "chave de acesso",
    "chave privada", "chiave api", "chiave segreta", "chiave privata", "parola d'ordine", "geheimer schlussel",
    "privater schlussel", "api-schlussel", "api schlussel", "geheime sleutel", "api sleutel", "api key",
    "access key", "secret key", "private key", "session id", "session key", "session token", "auth key",
    "client secret", "access token", "signing key", "master key", "codigo de acceso", "code d'acces",
    "zugangscode", "codice di accesso", "toegangscode", "codigo de acesso",
)  # fmt: skip
"""Names of more than one word; the last word alone says less (``passe``, ``api``, ``id``)."""

_HUMP = lazy(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_CUT = lazy(r"[^a-z0-9']{1,256}")


def words(name: str) -> list[str]:
    """``DB_MASTER_PASSWORD`` -> ``["db", "master", "password"]``; ``AccountKey`` -> ``["account", "key"]``."""
    return [w.strip("'") for w in _CUT().split(_HUMP().sub(" ", name).lower()) if w.strip("'")]


def _word_strength(word: str, query: bool) -> Strength | None:
    if word in _NOT_SECRET_WORDS:
        return None
    if word in WHOLE_STRONG:
        return "strong"
    if word in WEAK or (query and word in QUERY_WEAK):
        return "weak"
    if any(s in word for s in STRONG):
        return "strong"
    for glued, strength in _GLUED.items():
        if word.endswith(glued) and 0 < len(word) - len(glued) <= 8 and word[: -len(glued)].isalpha():
            return "strong" if strength == "strong" else "weak"
    return None


@lru_cache(maxsize=4096)
def _secret_word(name: str, query: bool) -> tuple[tuple[str, ...], Strength | None, int]:
    """The words of ``name``, the strength of its secret word, and where that word is."""
    parts = tuple(words(name))
    found: Strength | None = None
    at = -1
    for index, word in enumerate(parts):
        strength = _word_strength(word, query)
        if strength is not None:
            found, at = ("strong" if "strong" in (found, strength) else strength), index
    if found is None and len(parts) > 1 and any(s in "".join(parts) for s in STRONG):  # PASS_WORD, pass-wort
        found, at = "strong", len(parts) - 1
    return parts, found, at


def secret_name(name: str, before: str = "", *, query: bool = False) -> Strength | None:
    """How strongly ``name`` says its value is a secret; ``None`` when it does not.

    ``before`` is the text just before the name, for names of several words
    (``mot de passe``, ``clé API``, ``primary key``). ``letter`` is the
    one-letter ``p``, which names a password only next to a value that looks
    like one. ``query``: the name of a URL query parameter.
    """
    parts, found, at = _secret_word(name, query)
    if not parts:
        return None
    if parts == ("p",):
        return "letter"
    context = [w.strip("'") for w in _CUT().split(before[-40:].lower()) if w.strip("'")][-3:] if before else []
    if " ".join([*context, *parts]).endswith(PHRASES):
        return "strong"
    if found is None:
        return None
    leading = [*context, *parts[:at]]
    if any(p in _PUBLIC for p in leading):
        return None
    if parts[at] in ("key", "keys") and leading and leading[-1] in _KEY_KINDS:
        return None
    after = parts[at + 1 :]
    if parts[at] in _SESSION or parts[at].startswith("session"):
        after = tuple(w for w in after if w not in ("id", "ids"))
    if any(w in ABOUT for w in after):
        return None
    return found


def password_word(name: str) -> bool:
    """Whether ``name`` names a password or PIN (which may be all digits), not a key or token."""
    compact = "".join(words(name))
    return any(w in compact for w in ("pass", "pw", "pin", "senha", "kennwort", "wachtwoord", "contrasen", "mdp"))


_STEMS: Final = (
    "pw", "pass", "secre", "segre", "token", "key", "auth", "sess", "sid", "sig", "cred", "senha", "contrase",
    "wachtwoord", "kennwort", "mdp", "cle", "clave", "chave", "chiave", "llave", "sleutel", "schlussel",
    "geheim", "jeton", "haslo", "losenord", "passord", "salasana", "sifre", "otp", "hmac",
    "zugangsdaten", "zugangscode", "acces", "acceso", "acesso", "pin", "passcode", "p=", "p:",
)  # fmt: skip


def mentions_secret_word(lowered: str) -> bool:
    """Whether lower-cased ``lowered`` could hold a secret word at all (a cheap gate)."""
    return any(stem in lowered for stem in _STEMS)
