"""A place's history as HTML: every change, its sources, their evidence and links.

Everything that comes from an article (outlet, evidence sentence, link) is escaped here; a
link is drawn only for an http(s) address, so a ``javascript:`` url in a manifest never
becomes a live link.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from dashboard_core.data import SIDE_LABELS, shown_date

_STYLE = ("<style>.cm-change{margin:0 0 10px;padding:6px 10px;border-left:4px solid #ccc}"
          ".cm-change ul{margin:4px 0 0 0}.cm-change li{margin:3px 0}"
          ".cm-src{color:#555;font-size:0.85rem}.cm-link{font-size:0.85rem;margin-left:4px;"
          "white-space:nowrap}</style>")


def source_link(url: str) -> str:
    """A link to the article, named by its site, or "" when the url is not http(s)."""
    url = str(url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    site = parts.netloc.removeprefix("www.")
    return (f"<a class='cm-link' href='{html.escape(url, quote=True)}' target='_blank' "
            f"rel='noopener noreferrer nofollow'>{html.escape(site)} ↗</a>")


def _scope(ev: dict) -> str:
    if ev["scope"] == "partial":
        return " (part of it)"
    if ev["scope"] == "count":
        return f" ({ev['count'] if ev['count'] > 0 else 'all'} districts)"
    return ""


def _source(m: dict) -> str:
    inferred = " (date inferred)" if m["published_source"] == "inferred" else ""
    return (f"<li><span class='cm-src'>{html.escape(m['outlet'] or 'unknown outlet')}, "
            f"published {html.escape(m['published'] or 'date unknown')}{inferred}"
            f" · {html.escape(m['status'])}</span><br><q>{html.escape(m['evidence'])}</q>"
            f"{source_link(m.get('url', ''))}</li>")


def history_html(place_id: str, history: list[dict]) -> str:
    """The changes of ``history`` (from ``data.place_history``), oldest first."""
    parts = []
    for ev in history:
        when = shown_date(ev["event_date"], ev.get("date_precision", "day"))
        side = SIDE_LABELS.get(ev["side"], ev["side"])
        stories, arts = ev["n_stories"], ev["n_articles"]
        parts.append(
            f"<div class='cm-change'><b>{html.escape(when)}</b> · "
            f"{html.escape(side)}{html.escape(_scope(ev))} · <i>{html.escape(ev['status'])}</i> "
            f"({stories} stor{'y' if stories == 1 else 'ies'}, "
            f"{arts} article{'' if arts == 1 else 's'})"
            f"<ul>{''.join(_source(m) for m in ev['mentions'])}</ul></div>")
    return (_STYLE + f"<div class='cm-history' data-place='{html.escape(place_id)}'>"
            + "".join(parts) + "</div>")
