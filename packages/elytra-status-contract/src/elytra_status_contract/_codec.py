"""Decoding and encoding of the public documents (``status.json``, ``history.json``).

``Codec(root)`` is the reader and the writer of one document type; ``decode``
and ``encode`` are those of ``status.json``. ``decode`` is the tolerant reader: unknown fields are ignored and any offset
is accepted, but every value must satisfy the contract, timestamps included
(``TIMESTAMP_PATTERN``, the same grammar the JSON Schema and the TypeScript
parser apply). ``encode`` is the strict writer: it normalises instants to UTC
with whole seconds and refuses any value the reader would reject, so what we
emit always decodes.

A ``ContractError`` names the JSON path of the offending value the way the
TypeScript parser does (``$.days[0].components.panel.status``, or
``$.days[0].components["Panel"]`` for a key that is not an identifier), the
entry of a map included, which msgspec itself leaves out.
"""

from __future__ import annotations

import re
import types
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar, Union, cast, get_args, get_origin

import msgspec
from msgspec import UNSET

from ._errors import ContractError
from ._v1 import TIMESTAMP_PATTERN, PlatformStatus

__all__ = ["Codec", "child_path", "decode", "encode"]

_encoder = msgspec.json.Encoder()
_AT = re.compile(r"^(?P<reason>.*?) - at `(?P<path>\$[^`]*)`$", re.DOTALL)
_KEY_AT = re.compile(r"^(?P<reason>.*?) - at `key` in `(?P<path>\$[^`]*)`$", re.DOTALL)
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`$")
_STEP = re.compile(r"\.(?P<field>[^.\[]+)|\[(?P<index>[0-9]+)\]|(?P<entry>\[\.\.\.\])")
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)

T = TypeVar("T", bound=msgspec.Struct)


def child_path(path: str, key: str) -> str:
    """The JSON path of member ``key`` of the object at ``path``, written as the TypeScript parser writes it."""
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{msgspec.json.encode(key).decode()}]"


def _timestamps_only(info: msgspec.inspect.Type, name: str) -> Any:
    """A type that reads just the timestamps of ``info`` from a document, as strings.

    A mirror of the Structs that keeps only what leads to a timestamp, so the
    second pass over a document decodes nothing else (unknown fields, however
    odd their values, are skipped as the first pass skipped them).
    """
    if isinstance(info, msgspec.inspect.Metadata):
        info = info.type
    if isinstance(info, msgspec.inspect.DateTimeType):
        return str
    if isinstance(info, msgspec.inspect.ListType):
        item = _timestamps_only(info.item_type, name)
        return None if item is None else list[item]
    if isinstance(info, msgspec.inspect.DictType):
        value = _timestamps_only(info.value_type, name)
        return None if value is None else dict[str, value]
    if isinstance(info, msgspec.inspect.StructType):
        fields: list[tuple[str, Any, Any]] = []
        for field in info.fields:
            sub = _timestamps_only(field.type, f"{name}_{field.encode_name}")
            if sub is not None:
                fields.append((field.encode_name, sub | msgspec.UnsetType, UNSET))
        return msgspec.defstruct(name, fields, kw_only=True) if fields else None
    return None


def _check_timestamps(raw: object, path: str) -> None:
    """Hold every timestamp to ``TIMESTAMP_PATTERN``.

    msgspec's own parser is laxer (lower-case ``t``, a space instead of ``T``,
    ``+0100``, rounding of more than six fraction digits); the contract's
    readers must all accept exactly the same documents.
    """
    if isinstance(raw, str):
        if _TIMESTAMP.search(raw) is None:
            raise ContractError(
                "Invalid RFC 3339 timestamp (expected YYYY-MM-DDTHH:MM:SS[.ffffff] and Z or +hh:mm)", path
            )
    elif isinstance(raw, list):
        for index, item in enumerate(cast(list[object], raw)):
            _check_timestamps(item, f"{path}[{index}]")
    elif isinstance(raw, dict):
        for key, item in cast(dict[str, object], raw).items():
            _check_timestamps(item, child_path(path, key))
    elif isinstance(raw, msgspec.Struct):
        for field in raw.__struct_fields__:
            _check_timestamps(getattr(raw, field), f"{path}.{field}")


def _unwrapped(tp: Any) -> Any:
    """``tp`` without ``Annotated`` and without the ``UnsetType`` (or ``None``) of an optional field."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin is Union or origin is types.UnionType:
            rest = [t for t in get_args(tp) if t is not msgspec.UnsetType and t is not type(None)]
            if len(rest) != 1:
                return tp
            tp = rest[0]
        else:
            return tp


def _fails(value: object, tp: Any) -> bool:
    try:
        msgspec.json.decode(msgspec.json.encode(value), type=tp)
    except (msgspec.DecodeError, msgspec.EncodeError, TypeError, OverflowError):
        return True
    return False


def _located(root: type[msgspec.Struct], data: bytes | str, path: str, *, key: bool = False) -> str | None:
    """``path`` as msgspec reports it (``$.days[0].components[...].status``), with the entry of each map named.

    msgspec stops at the first bad value in document order, so the entry meant
    is the first one that does not decode on its own. With ``key``, the path
    names a map and the error is about one of its keys: the first bad key is
    appended. ``None`` when the path cannot be followed in the document.
    """
    try:
        raw: object = msgspec.json.decode(data)
    except msgspec.DecodeError:
        return None
    tp: Any = root
    out = "$"
    rest = path.removeprefix("$")
    while rest:
        step = _STEP.match(rest)
        if step is None:
            return None
        rest = rest[step.end() :]
        tp = _unwrapped(tp)
        if step["field"] is not None:
            name = step["field"]
            if not isinstance(raw, dict) or not (isinstance(tp, type) and issubclass(tp, msgspec.Struct)):
                return None
            fields = {f.encode_name: f.type for f in msgspec.structs.fields(tp)}
            if name not in fields:
                return None
            tp, raw, out = fields[name], cast(dict[str, object], raw).get(name), child_path(out, name)
        elif step["index"] is not None:
            index = int(step["index"])
            items = cast(list[object], raw) if isinstance(raw, list) else []
            if get_origin(tp) is not list or index >= len(items):
                return None
            tp, raw, out = get_args(tp)[0], items[index], f"{out}[{index}]"
        else:
            if get_origin(tp) is not dict or not isinstance(raw, dict):
                return None
            value_type = get_args(tp)[1]
            entries = cast(dict[str, object], raw)
            bad = next((k for k, v in entries.items() if _fails(v, value_type)), None)
            if bad is None:
                return None
            tp, raw, out = value_type, entries[bad], child_path(out, bad)
    if key:
        tp = _unwrapped(tp)
        if get_origin(tp) is not dict or not isinstance(raw, dict):
            return None
        key_type = get_args(tp)[0]
        bad = next((k for k in cast(dict[str, object], raw) if _fails(k, key_type)), None)
        return None if bad is None else child_path(out, bad)
    return out


def _contract_error(exc: msgspec.DecodeError, root: type[msgspec.Struct], data: bytes | str) -> ContractError:
    message = str(exc)
    key = _KEY_AT.match(message)
    if key:
        path = _located(root, data, key["path"], key=True)
        return ContractError(key["reason"], path or key["path"])
    match = _AT.match(message)
    reason, path = (match["reason"], match["path"]) if match else (message, "$")
    if "[...]" in path:
        path = _located(root, data, path) or path
    missing = _MISSING.match(reason)
    if missing:
        return ContractError("required field is missing", child_path(path, missing["field"]))
    return ContractError(reason, path)


def _to_utc_seconds(value: datetime, path: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ContractError("instant without a timezone", path)
    try:
        return value.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        raise ContractError("instant outside the years 1..9999 once converted to UTC", path) from None


def _normalised(value: Any, path: str) -> Any:
    """``value`` with every instant in UTC and whole seconds; unchanged parts are not copied."""
    if isinstance(value, datetime):
        return _to_utc_seconds(value, path)
    if isinstance(value, list):
        items = cast(list[Any], value)
        new = [_normalised(item, f"{path}[{index}]") for index, item in enumerate(items)]
        return items if all(a is b for a, b in zip(new, items, strict=True)) else new
    if isinstance(value, dict):
        mapping = cast(dict[str, Any], value)
        new_map = {key: _normalised(item, f"{path}.{key}") for key, item in mapping.items()}
        return mapping if all(new_map[key] is mapping[key] for key in mapping) else new_map
    if isinstance(value, msgspec.Struct):
        changes: dict[str, Any] = {}
        for field in value.__struct_fields__:
            old = getattr(value, field)
            new_value = _normalised(old, f"{path}.{field}")
            if new_value is not old:
                changes[field] = new_value
        return msgspec.structs.replace(value, **changes) if changes else value
    return value


class Codec(Generic[T]):
    """The tolerant reader and the strict writer of one public document type."""

    def __init__(self, root: type[T]) -> None:
        self.root = root
        self._decoders: tuple[msgspec.json.Decoder[T], msgspec.json.Decoder[Any]] | None = None

    def _built(self) -> tuple[msgspec.json.Decoder[T], msgspec.json.Decoder[Any]]:
        """The document's decoder and its timestamps' decoder, made on first use (importing stays cheap)."""
        if self._decoders is None:
            timestamps = _timestamps_only(msgspec.inspect.type_info(self.root), f"_{self.root.__name__}Timestamps")
            self._decoders = msgspec.json.Decoder(self.root), msgspec.json.Decoder(timestamps)
        return self._decoders

    def decode(self, data: bytes | str) -> T:
        """Parse and validate a document; ``ContractError`` names the JSON path of the first bad value."""
        decoder, timestamps = self._built()
        try:
            doc = decoder.decode(data)
        except msgspec.ValidationError as exc:
            raise _contract_error(exc, self.root, data) from None
        except msgspec.DecodeError as exc:
            raise ContractError(f"not valid JSON: {exc}") from None
        _check_timestamps(timestamps.decode(data), "$")
        return doc

    def encode(self, doc: T) -> bytes:
        """Serialise ``doc`` exactly as the contract says, or raise ``ContractError``."""
        data = _encoder.encode(_normalised(doc, "$"))
        # The writer is strict: everything it emits must satisfy the reader,
        # bounds and enums included (msgspec checks those only when decoding).
        self.decode(data)
        return data


_status = Codec(PlatformStatus)


def decode(data: bytes | str) -> PlatformStatus:
    """Parse and validate a ``status.json`` document.

    Raises ``ContractError`` naming the JSON path of the first bad value.
    """
    return _status.decode(data)


def encode(doc: PlatformStatus) -> bytes:
    """Serialise a document exactly as the contract says.

    Instants become ``YYYY-MM-DDTHH:MM:SSZ`` (sub-second parts are dropped,
    never rounded up). A value outside its bounds (uptime above 100, NaN, a
    naive ``datetime``) raises ``ContractError`` instead of being written.
    """
    return _status.encode(doc)
