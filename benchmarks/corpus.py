"""Synthetic English news articles about the 2021 offensive, for benchmarks and tests.

``generate(n, seed)`` returns ``n`` articles as dicts (``file``, ``text``, ``published``,
``outlet``, ``title``, ``url``), the same list for the same seed. The articles mix:

* captures, recaptures, denials, Taliban claims, fighting inside a place, "most of" a
  province and counted districts, in several phrasings each;
* places drawn from the gazetteer: districts with their provinces, provincial capitals and
  border crossings with the neighbouring country;
* dates as weekdays ("on Thursday"), calendar dates ("on July 8") or none, with publication
  dates spread over May to September 2021 (or, with ``per_day``, over as many days from May
  2021 as the corpus fills at that many articles a day);
* filler paragraphs (aid, talks, withdrawal) that name no change of control;
* syndicated near-copies of earlier articles (a sentence dropped, another outlet, sometimes
  no date), and undated articles.

Every text is distinct, so each article gets its own content id. ``write_jsonl`` and
``write_folder`` put a corpus on disk the way users deliver articles.

    python benchmarks/corpus.py 1000 --out /tmp/corpus --format folder
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

START = date(2021, 5, 1)
END = date(2021, 9, 15)
# With ``in_order``, how many days late an article may arrive after the ones around it.
LATE_DAYS = 3
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

OUTLETS = (
    "Reuters", "Associated Press", "AFP", "Al Jazeera", "TOLOnews", "Pajhwok Afghan News",
    "The Guardian", "BBC News", "Khaama Press", "Ariana News", "Dawn", "The Hindu",
    "Gandhara", "Kabul Now", "The National", "France 24",
)
SPOKESMEN = (
    "Zabihullah Mujahid", "Qari Yousuf Ahmadi", "Suhail Shaheen",
)
OFFICIALS = (
    "Fawad Aman", "Mirwais Stanekzai", "Tariq Arian", "Ajmal Omar Shinwari",
)

# {place} is the place, {where} its description ("district in Herat province"), {when} a date
# phrase starting with a space (or nothing), {spk} a Taliban spokesman, {off} a government
# official and {attr} who said so. The slots keep unrelated articles from sharing long runs
# of words, which is how syndicated copies are recognised.
CAPTURE = (
    "Taliban fighters captured {place} {where}{when}, {attr}.",
    "The Taliban seized control of {place} {where}{when}, {attr}.",
    "Insurgents overran {place}{when}, {attr}.",
    "{place} {where} fell to the Taliban{when}, {attr}.",
    "{place} has fallen to the Taliban, {attr}{when}.",
    "Militants stormed {place}{when} and raised their flag over the {building}, {attr}.",
    "The Taliban took over {place} {where}{when}, {attr}.",
    "{place} was captured by the Taliban{when}, {attr}.",
)
RECAPTURE = (
    "Afghan forces recaptured {place} {where}{when}, {attr}.",
    "Government troops retook {place}{when} after a counter-offensive, {attr}.",
    "Security forces wrested back control of {place} {where}{when}, {attr}.",
    "{place} was retaken by Afghan commandos{when}, {attr}.",
    "Afghan special forces cleared {place}{when} of Taliban fighters, {attr}.",
)
CLAIM = (
    "Taliban spokesman {spk} said{when} that the group had captured {place} {where}.",
    "The Taliban claimed{when} to have seized {place}, which {attr2}.",
    "{spk} tweeted that {place} had fallen to the mujahideen{when}.",
)
DENIAL = (
    "The defence ministry denied that {place} had fallen, {attr}.",
    "Ministry spokesman {off} dismissed reports that the Taliban had captured {place} as "
    "{false}.",
    "Officials rejected Taliban claims that {place} {where} was under Taliban control.",
)
CONTEST = (
    "Heavy fighting was under way in {place} {where}{when}, {attr}.",
    "Clashes erupted inside {place}{when}, {attr}.",
    "The Taliban besieged {place}{when}, {attr}.",
)
PARTIAL = (
    "The Taliban now control most of {province} province, {attr}.",
    "Large parts of {province} have fallen to the insurgents, {attr}.",
)
COUNT = (
    "The Taliban captured {n} districts in {province} province{when}, {attr}.",
    "{n} districts in {province} have fallen to the Taliban{when}, {attr}.",
)
_SAYERS = ("local officials", "residents", "a provincial council member", "police officials",
           "tribal elders", "a security source", "a lawmaker from the province",
           "the provincial governor's spokesman", "two witnesses", "a local journalist",
           "the defence ministry", "a hospital director", "a district chief")
_VERBS = ("said", "told {outlet}", "said on condition of anonymity", "told reporters in {city}",
          "said by telephone", "wrote on Facebook", "confirmed to {outlet}")
_BUILDINGS = ("governor's office", "police headquarters", "district centre", "main square",
              "intelligence office", "border gate")
_UNVERIFIED = ("could not be independently verified", "officials did not confirm",
               "{outlet} could not verify", "local sources disputed")
_FALSE = ("baseless", "propaganda", "false", "untrue", "rumours")


# Background paragraphs with slots, so unrelated articles do not share long runs of words
# (shared runs are how syndicated copies are recognised).
FILLER = (
    "About {n} families have fled {a} for {b} since {wd}, and {agency} says {goods} are "
    "running short.",
    "Talks in {city} between the two sides made little progress this {period}, {role} "
    "{name} told {outlet}.",
    "{country} said it had reinforced its border and {n} refugees had crossed since {wd}.",
    "Prices of {goods} in {a} have risen {pct} percent since {wd}, traders told {outlet}.",
    "{agency} counted {n} civilian casualties in {b} in {month}, the most since it began "
    "keeping records.",
    "Doctors at the hospital in {a} said {n} wounded people had arrived by {wd} evening.",
    "{role} {name} said the speed of the advance around {b} had surprised {who}.",
    "Phone networks in {a} were cut on {wd}, making reports from {b} hard to check, "
    "{outlet} said.",
)
_GOODS = ("flour", "cooking oil", "fuel", "medicine", "rice", "sugar", "clean water")
_AGENCIES = ("the UN refugee agency", "the World Food Programme", "the Red Cross",
             "Medecins Sans Frontieres", "a local charity", "UNAMA", "Save the Children")
_ROLES = ("Analyst", "A diplomat,", "Lawmaker", "Elder", "Aid worker", "Researcher")
_NAMES = ("Ahmad Shah", "Fatima Rahimi", "Abdul Wahid", "Nasrin Akbari", "Hamid Karimi",
          "Zahra Noori", "Mohammad Nabi", "Laila Haidari", "Omar Sadr", "Gul Agha")
_CITIES = ("Doha", "Moscow", "Tehran", "Islamabad", "Tashkent", "Dushanbe")
_COUNTRIES = ("Iran", "Tajikistan", "Uzbekistan", "Pakistan", "Turkmenistan")
_WHO = ("even its own commanders", "Western officials", "neighbouring governments",
        "local elders", "the army's own planners")
_MONTHS = ("May", "June", "July", "August")


def _filler(rng: random.Random) -> str:
    pool = _place_pool()
    return rng.choice(FILLER).format(
        n=rng.randint(12, 9000), a=rng.choice(pool["district"])[0],
        b=rng.choice(pool["capital"])[0], wd=rng.choice(WEEKDAYS), agency=rng.choice(_AGENCIES),
        goods=rng.choice(_GOODS), city=rng.choice(_CITIES), role=rng.choice(_ROLES),
        name=rng.choice(_NAMES), outlet=rng.choice(OUTLETS), country=rng.choice(_COUNTRIES),
        pct=rng.randint(5, 90), month=rng.choice(_MONTHS), who=rng.choice(_WHO),
        period=rng.choice(("week", "month")),
    )


TITLES = (
    "Taliban press offensive in {province}",
    "Fighting intensifies in {province} as foreign troops leave",
    "Afghan forces struggle to hold {place}",
    "Taliban gains in {province}: what we know",
    "{place} changes hands as offensive widens",
    "Residents flee {province} fighting",
)


@cache
def _place_pool() -> dict[str, list[tuple[str, str, str]]]:
    """(name, description, province) of districts, capitals and crossings in the gazetteer."""
    from gazetteer.places import load_places

    places = load_places()
    pool: dict[str, list[tuple[str, str, str]]] = {"district": [], "capital": [],
                                                   "border_crossing": []}
    for row in places.itertuples(index=False):
        if row.place_type == "district":
            pool["district"].append((row.name, f"district in {row.province} province",
                                     row.province))
        elif row.place_type == "capital":
            pool["capital"].append((row.name, f"the capital of {row.province} province",
                                    row.province))
        elif row.place_type == "border_crossing":
            pool["border_crossing"].append(
                (row.name, f"on the border with {row.country}", row.province))
    for kind in pool:
        pool[kind].sort()
    return pool


def _when(rng: random.Random, published: date | None) -> str:
    """A date phrase for the event: a weekday, a calendar date, a relative phrase or none."""
    roll = rng.random()
    if roll < 0.45:
        return f" on {rng.choice(WEEKDAYS)}"
    if roll < 0.65 and published is not None:
        day = published - timedelta(days=rng.randint(0, 4))
        return f" on {day.strftime('%B')} {day.day}"
    if roll < 0.75:
        return rng.choice((" overnight", " earlier this week", " on Thursday night"))
    return ""


def _pick_place(rng: random.Random) -> tuple[str, str, str]:
    pool = _place_pool()
    kind = rng.choices(("district", "capital", "border_crossing"), weights=(6, 3, 1))[0]
    return rng.choice(pool[kind])


def _sentence(rng: random.Random, published: date | None) -> str:
    name, where, province = _pick_place(rng)
    kind = rng.choices(
        ("capture", "recapture", "claim", "denial", "contest", "partial", "count"),
        weights=(10, 4, 3, 2, 2, 1, 1))[0]
    templates = {"capture": CAPTURE, "recapture": RECAPTURE, "claim": CLAIM, "denial": DENIAL,
                 "contest": CONTEST, "partial": PARTIAL, "count": COUNT}[kind]
    outlet, city = rng.choice(OUTLETS), rng.choice(_CITIES)
    attr = rng.choice(_SAYERS) + " " + rng.choice(_VERBS).format(outlet=outlet, city=city)
    return rng.choice(templates).format(
        place=name, where=where, province=province, when=_when(rng, published),
        spk=rng.choice(SPOKESMEN), off=rng.choice(OFFICIALS), attr=attr,
        attr2=rng.choice(_UNVERIFIED).format(outlet=outlet), building=rng.choice(_BUILDINGS),
        false=rng.choice(_FALSE), n=rng.choice(("two", "three", "four", "five", "several")),
    )


def _article(rng: random.Random, serial: int, paragraphs: int, days: tuple[int, int]) -> dict:
    """An original article published between ``days`` (after START, inclusive)."""
    undated = rng.random() < 0.1
    published = None if undated else START + timedelta(days=rng.randint(*days))
    name, _, province = _pick_place(rng)
    title = rng.choice(TITLES).format(place=name, province=province)
    body: list[str] = []
    for _ in range(paragraphs):
        if rng.random() < 0.55:
            body.append(_sentence(rng, published) + " " + _sentence(rng, published))
        else:
            body.append(_filler(rng))
    # A detail that makes every article's text its own.
    body.append(f"{rng.choice(_NAMES)} in {rng.choice(_place_pool()['capital'])[0]} filed "
                f"{serial} reports and {rng.randint(2, 400)} photos on {rng.choice(WEEKDAYS)}.")
    outlet = rng.choice(OUTLETS)
    return {
        "file": f"article_{serial:06d}.txt",
        "text": title + "\n\n" + "\n\n".join(body) + "\n",
        "published": published.isoformat() if published else "",
        "outlet": outlet,
        "title": title,
        "url": f"https://news.example.org/{serial}",
    }


def _syndicated_copy(rng: random.Random, original: dict, serial: int) -> dict:
    """A near-copy: one paragraph dropped, wording touched, another outlet, maybe undated."""
    title, _, rest = original["text"].partition("\n\n")
    paras = rest.strip().split("\n\n")
    if len(paras) > 3:
        del paras[rng.randrange(len(paras) - 1)]
    paras = [p.replace(" said.", " told reporters.", 1) for p in paras]
    paras[-1] = paras[-1] + f" (Copy {serial}.)"
    published = "" if rng.random() < 0.4 else original["published"]
    return {
        "file": f"article_{serial:06d}.txt",
        "text": title + "\n\n" + "\n\n".join(paras) + "\n",
        "published": published,
        "outlet": rng.choice(OUTLETS) + " (wire copy)",
        "title": title,
        "url": f"https://copies.example.net/{serial}",
    }


def iter_articles(n: int, seed: int = 0, paragraphs: int = 6, syndicated: float = 0.1,
                  per_day: float | None = None, in_order: bool = False) -> Iterator[dict]:
    """Yield ``n`` articles; ``syndicated`` is the share that copy an earlier article.

    Publication dates fall from May to mid-September 2021, so a larger corpus is a denser
    one. With ``per_day``, they run from May 2021 for as many days as ``n`` articles at
    that rate take instead: a larger corpus covers a longer period, as years of a
    country's press would. Dates are drawn from the whole period for every article, unless
    ``in_order``: then they advance with the article's place in the corpus (give or take
    ``LATE_DAYS``), as a daily feed or an archive split by month arrives.
    """
    # Days after START a publication date may fall on (inclusive).
    span_days = (END - START).days if per_day is None else math.ceil(n / per_day) - 1
    rng = random.Random(seed)
    recent: list[dict] = []
    for serial in range(n):
        if recent and rng.random() < syndicated:
            art = _syndicated_copy(rng, rng.choice(recent), serial)
        else:
            if in_order:
                day = serial * (span_days + 1) // n
                days = (max(0, day - LATE_DAYS), day)
            else:
                days = (0, span_days)
            art = _article(rng, serial, paragraphs, days)
            recent.append(art)
            if len(recent) > 200:
                recent.pop(0)
        yield art


def generate(n: int, seed: int = 0, paragraphs: int = 6, syndicated: float = 0.1,
             per_day: float | None = None, in_order: bool = False) -> list[dict]:
    """``n`` articles as dicts (see the module docstring); the same for the same seed."""
    return list(iter_articles(n, seed, paragraphs, syndicated, per_day, in_order))


def as_articles(rows) -> list:
    """Corpus articles as the ``Article`` objects ``Store.ingest`` takes: text, file, outlet
    and title, with no publication date."""
    from control_changes.articles import Article

    return [Article(text=a["text"], file=a["file"], outlet=a["outlet"], title=a["title"])
            for a in rows]


def write_jsonl(path: Path, articles) -> Path:
    """One JSON object per line (text, published, outlet, title, url)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for art in articles:
            fh.write(json.dumps({k: art[k] for k in ("text", "published", "outlet", "title",
                                                      "url")}, ensure_ascii=False) + "\n")
    return path


def write_folder(folder: Path, articles) -> Path:
    """One .txt file per article plus a manifest.csv with their metadata."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "published", "outlet", "title", "url"])
        for art in articles:
            (folder / art["file"]).write_text(art["text"], encoding="utf-8")
            writer.writerow([art["file"], art["published"], art["outlet"], art["title"],
                             art["url"]])
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", required=True)
    parser.add_argument("--format", choices=("folder", "jsonl"), default="folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-day", type=float, help="articles per publication day "
                        "(default: every corpus spans May to mid-September 2021)")
    parser.add_argument("--in-order", action="store_true",
                        help="publication dates advance through the corpus (a daily feed) "
                             "instead of being drawn from the whole period")
    args = parser.parse_args(argv)
    arts = iter_articles(args.n, args.seed, per_day=args.per_day, in_order=args.in_order)
    out = Path(args.out)
    if args.format == "jsonl":
        write_jsonl(out if out.suffix else out / "articles.jsonl", arts)
    else:
        write_folder(out, arts)
    print(f"wrote {args.n} articles to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
