"""Build a store of N articles (default 100,000) for search and load tests, quickly.

Extracting 100,000 pages would take long, so each distinct base text is read once and N
records are derived from them and written through the real ``Store.save_batch``: the
stemmed search index, entity, quote and facet tables are the real ones. Base texts:

- the Indonesian articles of IndoSum (``shared/data/indosum-dev``: 3,463 news texts with
  category and outlet), when present;
- the shared AEB and id-news pages and this repository's ``samples/pages``, each
  extracted once.

Each derived record gets a unique URL, a published time spread over one year, an outlet
and a section label (in the outlets' own words, so normalisation has work to do),
synthetic entities from a fixed pool drawn with a skewed (Zipf-like) frequency, quotes,
and a topic. Records derived from one base are syndicated copies of each other.

    python3 benchmarks/build_store.py --output /tmp/warta-100k.db
    python3 benchmarks/build_store.py --articles 5000 --output /tmp/small.db
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import REPO, shared_dir  # benchmarks/common.py, beside this script

import warta
from warta.record import Article, Entity, Paragraph, Quote
from warta.store import Store

OUTLETS = (
    "kabarnusa.id", "harianlaut.co.id", "lintasborneo.id", "suarakepulauan.com",
    "warta-timur.id", "pelitapagi.co.id", "jurnalkota.id", "beritaselat.com",
    "gemanusantara.id", "kilasbisnis.co.id", "sportnesia.id", "teknokini.id",
)  # fmt: skip
# Section labels as outlets write them, per IndoSum category.
LABELS = {
    "tajuk utama": ["Nasional", "Berita Utama", "News", "Peristiwa", "Politik", "Hukum",
                    "Dunia", "Berita Internasional Terkini", "Ekonomi", "Bisnis", "Regional"],
    "olahraga": ["Olahraga", "Bola", "Sport", "Sepak Bola", "Sports"],
    "showbiz": ["Seleb", "Showbiz", "Hiburan", "Entertainment"],
    "hiburan": ["Hiburan", "Musik", "Film", "Gaya Hidup", "Lifestyle"],
    "teknologi": ["Tekno", "Tech", "Teknologi", "Inet", "Gadget", "Sains"],
    "inspirasi": ["Inspirasi", "Gaya Hidup", "Kesehatan", "Health"],
}  # fmt: skip
TOPICS = {"tajuk utama": "politik", "olahraga": "olahraga", "showbiz": "hiburan",
          "hiburan": "hiburan", "teknologi": "teknologi", "inspirasi": "gaya-hidup"}  # fmt: skip
# Names for the synthetic entities (made up; any likeness is chance).
FIRST = (
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Rudi",
    "Sri",
    "Joko",
    "Ahmad",
    "Putri",
    "Eko",
    "Rina",
    "Hendra",
    "Wahyu",
    "Nur",
    "Dian",
    "Arif",
    "Yusuf",
    "Maya",
    "Fajar",
    "Indah",
    "Bambang",
    "Ratna",
    "Teguh",
    "Lestari",
    "Andi",
)
LAST = (
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Pratama",
    "Lestari",
    "Saputra",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Gunawan",
    "Siregar",
    "Simanjuntak",
    "Hutapea",
    "Wibowo",
    "Rahman",
    "Syahputra",
    "Permana",
    "Utomo",
    "Halim",
)
ORGS = (
    "Kementerian Keuangan",
    "Bank Indonesia",
    "Komisi Pemberantasan Korupsi",
    "Dewan Perwakilan Rakyat",
    "Persija Jakarta",
    "Persib Bandung",
    "Badan Pusat Statistik",
    "Pertamina",
    "Telkom Indonesia",
    "Mahkamah Konstitusi",
    "Polri",
    "TNI",
    "BMKG",
    "Kementerian Kesehatan",
    "PSSI",
    "OJK",
)
PLACES = (
    "Jakarta",
    "Surabaya",
    "Bandung",
    "Medan",
    "Semarang",
    "Makassar",
    "Palembang",
    "Denpasar",
    "Yogyakarta",
    "Balikpapan",
    "Pontianak",
    "Manado",
    "Kupang",
    "Jayapura",
    "Ambon",
    "Tegal",
    "Samarinda",
    "Batam",
)
_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]”’])")
_SPACE_AFTER = re.compile(r"([(\[“‘]) ")


def detokenise(tokens: list[str]) -> str:
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(tokens)))
    return text.replace(" n't", "n't").replace('" ', '"', 1)


def indosum_bases(shared: Path) -> list[dict[str, object]]:
    """``{title, lead, paragraphs, category}`` per distinct IndoSum article."""
    seen: set[str] = set()
    out: list[dict[str, object]] = []
    for path in sorted((shared / "data/indosum-dev").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item["id"] in seen:
                continue
            seen.add(item["id"])
            paragraphs = [detokenise([t for s in p for t in s]) for p in item["paragraphs"]]
            slug = item["id"].split("-", 1)[-1].replace("-", " ")
            out.append(
                {
                    "title": slug[:1].upper() + slug[1:],
                    "lead": paragraphs[0][:300] if paragraphs else None,
                    "paragraphs": [p for p in paragraphs if p],
                    "category": item["category"],
                }
            )
    return out


def page_bases(shared: Path | None) -> list[dict[str, object]]:
    """The shared and sample pages, each extracted once."""
    pages = [p.read_bytes() for p in sorted((REPO / "samples/pages").glob("*.html"))]
    pages += [gzip.decompress(p.read_bytes()) for p in (REPO / "samples/pages").glob("*.gz")]
    if shared is not None:
        pages += [gzip.decompress(p.read_bytes()) for p in (shared / "data/aeb/html").glob("*.gz")]
        pages += [p.read_bytes() for p in sorted((shared / "data/id-news/pages").glob("*.html"))]
    out: list[dict[str, object]] = []
    for page in pages:
        article = warta.extract(page)
        if article.error is None and article.paragraphs:
            out.append(
                {
                    "title": article.title,
                    "lead": article.lead,
                    "paragraphs": [p.text for p in article.paragraphs],
                    "category": "tajuk utama",
                }
            )
    return out


def entity_pool(rng: random.Random) -> list[tuple[str, str, str | None]]:
    """``(name, type, wikidata id or None)``: people, organisations and places."""
    people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(1500)})
    pool = [(p, "person", None) for p in people]
    pool += [(o, "organization", f"Q{9000 + n}") for n, o in enumerate(ORGS)]
    pool += [(p, "place", f"Q{8000 + n}") for n, p in enumerate(PLACES)]
    rng.shuffle(pool)
    return pool


def entities_for(
    rng: random.Random, pool: list[tuple[str, str, str | None]], weights: list[float]
) -> list[Entity]:
    """3 to 8 entities, the pool's first ones more often (weights fall as 1 / (rank + 10):
    the most named entity is in about one article in ten, as a president would be)."""
    picked = dict.fromkeys(rng.choices(pool, cum_weights=weights, k=rng.randint(3, 8)))
    return [Entity(name, kind, name, wid) for name, kind, wid in picked]


def quotes_for(rng: random.Random, paragraphs: list[str], people: list[str]) -> list[Quote]:
    if not people or not paragraphs:
        return []
    return [
        Quote(rng.choice(paragraphs)[:200], rng.choice(people), rng.random() < 0.6)
        for _ in range(rng.randint(0, 2))
    ]


def records(n: int, bases: list[dict[str, object]], seed: int = 7) -> Iterator[tuple[str, Article]]:
    rng = random.Random(seed)
    pool = entity_pool(rng)
    weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(pool))))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(n):
        base = bases[i % len(bases)]
        category = str(base["category"])
        outlet = OUTLETS[(i // len(bases) + i) % len(OUTLETS)]
        label = rng.choice(LABELS.get(category, ["Nasional"]))
        paragraphs = list(base["paragraphs"])  # type: ignore[call-overload]
        entities = entities_for(rng, pool, weights)
        people = [e.canonical or e.text for e in entities if e.type == "person"]
        published = start + timedelta(seconds=rng.randrange(365 * 86400))
        slug = re.sub(r"\W+", "-", str(base["title"] or "berita").lower()).strip("-")[:60]
        url = f"https://{outlet}/{label.lower().replace(' ', '-')}/{i}/{slug}"
        yield (
            f"bench:{i}",
            Article(
                source=f"bench:{i}",
                url=url,
                outlet=outlet,
                section=label,
                title=base["title"],  # type: ignore[arg-type]
                lead=base["lead"],  # type: ignore[arg-type]
                published=published.astimezone(UTC),
                language="id",
                paragraphs=[Paragraph("paragraph", p) for p in paragraphs],
                entities=entities,
                quotes=quotes_for(rng, paragraphs, people),
                topic=TOPICS.get(category),
            ),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    if args.output.exists():
        sys.exit(f"{args.output} exists; remove it first")
    shared = shared_dir(args.shared)
    started = time.monotonic()
    bases = indosum_bases(shared) + page_bases(shared)
    print(f"{len(bases)} base texts read in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    with Store(args.output) as store:
        batch: list[tuple[str, Article]] = []
        for n, item in enumerate(records(args.articles, bases), start=1):
            batch.append(item)
            if len(batch) == args.batch:
                store.save_batch(batch)
                batch = []
            if n % 10_000 == 0:
                print(f"  {n} articles, {time.monotonic() - started:.0f} s", flush=True)
        if batch:
            store.save_batch(batch)
        count = store.count_articles()
    seconds = time.monotonic() - started
    size = sum(p.stat().st_size for p in args.output.parent.glob(args.output.name + "*"))
    print(
        f"stored {count} articles in {seconds:.1f} s ({count / seconds:.0f}/s); "
        f"{args.output}: {size / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
