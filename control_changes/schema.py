"""The column contracts of the three tables every part of the product shares.

Articles, mentions (one reported change of control in one article) and events (mentions of
the same change merged across articles). The store, the exports and the dashboard all read
these lists, so a column is added here once.
"""

from __future__ import annotations

# Controllers a change can hand a place to.
CONTROLLERS = ("taliban", "government")

# Status of one mention, as its article reports it.
MENTION_STATUSES = ("claimed", "reported", "confirmed", "denied", "contested")

# Status of a merged event (see control_changes.merge for the rules).
EVENT_STATUSES = ("confirmed", "reported", "claimed", "disputed", "denied", "contested")

# What a mention says about its place: the place itself changed hands, part of it did
# ("most of Badakhshan"), or a number of unnamed districts in it did ("five districts in Herat").
SCOPES = ("place", "partial", "count")

# Date precision; ACLED's time_precision codes are 1 (day), 2 (week), 3 (month).
DATE_PRECISIONS = ("day", "week", "month", "undated")
# "before": known only to have happened by that day (a later report with no earlier event).
TIME_PRECISION_CODE = {"day": 1, "week": 2, "month": 3, "before": 3}

# Geo precision; ACLED's codes are 1 (the place itself), 2 (near it / its district), 3 (province).
GEO_PRECISION_CODE = {"point": 1, "district": 2, "district_area": 2, "province": 3}

ARTICLE_COLUMNS = [
    "article_id",  # content hash of the normalised text (same text -> same id)
    "file",  # file name it came from ("pasted" for pasted text)
    "outlet",
    "outlet_source",  # manifest | given | text | none ("" when not known)
    "title",
    "url",
    "published",  # ISO date or "" when unknown
    "published_source",  # manifest | text | dateline | inferred | given | none
    "author",
    "story_id",  # article_id of the first article of its syndication cluster
    "n_chars",
    "text",
]

MENTION_COLUMNS = [
    "mention_id",
    "article_id",
    "file",
    "place_id",
    "place_text",  # the words in the article that named the place
    "event_date",  # ISO date or "" when undated
    "date_precision",
    "date_source",  # stated | carried | publication | inferred | none
    "new_controller",
    "status",
    "scope",
    "count",  # number of districts for scope "count" (-1 for "all"), else 0
    "trigger",  # the words that report the change ("wrested back control of")
    "evidence",  # the sentence
    "start",  # character offsets of the sentence in the article text
    "end",
]

EVENT_COLUMNS = [
    "event_id",
    "place",
    "place_id",
    "place_type",
    "province",
    "province_id",
    "admin1",
    "admin2",
    "country",  # neighbouring country, for border crossings
    "latitude",
    "longitude",
    "geo_precision",  # point | district | district_area | province
    "geo_precision_code",
    "event_date",
    "date_precision",
    "time_precision",
    "date_inferred",
    "date_source",  # best-attested date of its reports: stated | carried | publication | none
    "new_controller",
    "status",
    "scope",
    "count",
    "n_articles",
    "n_stories",
    "n_mentions",
    "mention_statuses",  # e.g. "reported|denied"
    "sources",  # article file names joined by |
    "outlets",
    "first_published",
    "evidence",
    "reports_from",  # earliest and latest date the merged mentions give ("" when undated)
    "reports_to",
]
