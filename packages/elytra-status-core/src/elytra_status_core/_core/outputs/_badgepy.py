"""The one seam over the badge library (badgepy, the maintained continuation of pybadges).

badgepy draws shields.io's "flat" badge and measures each text with the
advance widths (and kerning) of DejaVu Sans, the font the badge names first,
precalculated from the font itself: widths are measured, not guessed. It is
imported when a badge is rendered, never when the CLI starts.

Pure in the sense of ``_core``: it is never given a logo or an image, so it
fetches nothing; it reads only its own template and width table, which ship
inside it. On Python 3.11 and 3.12 reading them goes through
``importlib.resources`` functions that warn they are deprecated; that
warning, and only that one, is silenced here.
"""

from __future__ import annotations

import warnings

__all__ = ["render_badge"]

_RESOURCES_WARNING = r".* is deprecated\. Use files\(\) instead\."


def render_badge(label: str, message: str, color: str, *, title: str, id_suffix: str) -> str:
    """A flat badge, ``label`` on grey and ``message`` on ``color`` (a shields.io colour name), as SVG text.

    ``id_suffix`` ends the ids of the badge's gradient and clip path, so that
    several badges inlined in one HTML page do not borrow each other's.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_RESOURCES_WARNING, category=DeprecationWarning)
        import badgepy

        return badgepy.badge(
            left_text=label,
            right_text=message,
            left_color="#555",
            right_color=color,
            whole_title=title,
            id_suffix=id_suffix,
            style="flat",
        )
