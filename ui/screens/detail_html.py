"""The detail pane's HTML: a title and label/value rows, every value escaped."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ui import palette


def detail(title: str, rows: Iterable[tuple[str, str]], *sections: tuple[str, list[str]]) -> str:
    lines = [f"<h3>{escape(title)}</h3><table cellspacing='4'>"]
    lines += [
        f"<tr><td style='color:{palette.INK_SOFT}'>{escape(label)}</td><td>{escape(value)}</td></tr>"
        for label, value in rows
        if value
    ]
    lines.append("</table>")
    for heading, items in sections:
        lines.append(f"<h4>{escape(heading)}</h4>")
        lines.append(
            "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>" if items else "—"
        )
    return "".join(lines)
