"""Text as XML 1.0 can carry it. Pure.

Operator text (titles, bodies, component names) comes from TOML, whose
escapes can spell any character, control characters included; XML 1.0 has no
way to write most of them, so an XML writer refuses the whole file. They are
dropped (they have no visible form anyway), and nothing else is changed.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["xml_text"]

_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)
