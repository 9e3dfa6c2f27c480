"""Group recent petitions that raise the same issue in the same place (热点问题).

1. Each petition becomes a vector of the character bigrams of its title (counted three
   times: a title says what the petition is about) and the start of its content, weighted
   by sublinear TF-IDF over the window (scikit-learn's TfidfTransformer). Only its
   TOP_TERMS heaviest bigrams are kept (the distinctive ones: a 小区's name, 油烟,
   拖欠工资), then the vector is renormalised.
2. Two petitions are linked when the cosine of these vectors reaches SAME_PLACE within one
   county, or OTHER_PLACE across counties; the petitions of one matter are always linked.
3. Linked petitions form clusters (connected components, i.e. union-find). A cluster that
   is really a chain of different issues (A like B like C …) is split by linking its
   members again with higher thresholds (see `components`).
4. Kept clusters get their explanation: each member's mean similarity to the others (the
   highest is the representative) and the phrases most members share.

Why not MinHash over bigram sets, as for repeats: different people writing about the same
issue share few bigrams. On the TipDM messages with votes, same-issue pairs have a median
bigram Jaccard/containment of 0.13 while 1% of different-issue pairs exceed 0.11; by TF-IDF
cosine the same-issue median is 0.13 and 99% of the other pairs stay under 0.04. Why the
pruning to TOP_TERMS: with every bigram kept, the pair product over 15,000 petitions took
~20 s, because any two texts share common bigrams; with 24 per petition it takes ~0.2 s, and
on the TipDM messages it grouped the hand-checked issues better (11 of 11 in a cluster of 11,
against 11 in a cluster of 12; bench/hotspots.py prints the figures).

Pure functions over plain records: no database, so the bench can feed it CSV rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from xinfang.lib.text import fold

TITLE_WEIGHT = 3
CONTENT_CHARS = 600
TOP_TERMS = 24
SAME_PLACE = 0.2
OTHER_PLACE = 0.35
CHUNK = 2000  # rows of the pair product computed at a time (bounds memory)
COHESION = 0.1  # below this mean pairwise similarity a cluster is a chain, split further
STEP = 0.05
TIGHTEST = 0.6
SEPARATION = 0.5  # parts less alike across than half as within: different issues
SPLITTABLE = 4  # three petitions cannot hold two issues of two each
DENSE_LIMIT = 2_000_000  # cells: a group's rows become a dense array below this
PHRASES = 6
SOURCES = 12  # members whose texts phrases are taken from (their holders are counted in all)
# Bigrams shared by at least this share of a cluster's members make up its phrases.
SHARED = 0.4
GENERIC = 0.02  # a bigram in 2% of the window's petitions is everyday language
_DIGITS = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[^\w]+")
_PARTICLES = "的了着吗呢吧啊"  # never the start or end of a phrase
_AFTER_NUMBERS = "区县市镇乡栋号楼层组年月日元岁"  # 3栋, A5区, 2003年: not a phrase's start


@dataclass(frozen=True)
class Record:
    """What clustering needs of a petition."""

    key: int  # the petition's primary key
    title: str
    content: str
    place: str  # county-level code: petitions of one place cluster more readily
    group: int | None = None  # the matter: its petitions always belong together
    strip: tuple[str, ...] = ()  # place names (normalised), compared apart through `place`


@dataclass
class Cluster:
    keys: list[int]
    centrality: dict[int, float]  # mean similarity to the other members
    phrases: list[tuple[str, int]]  # shared phrases with the number of members containing each
    words: dict[int, list[str]] = field(default_factory=dict)  # phrases each member contains

    @property
    def representative(self) -> int:
        return max(self.keys, key=lambda k: (self.centrality[k], -k))


def text_of(record: Record) -> str:
    """The text compared: the title three times, then the start of the content.

    `|` separates parts; place names become separators too.
    """
    title = _normal(record.title)
    content = _normal(record.content[: CONTENT_CHARS * 2])[:CONTENT_CHARS]
    text = (title + "|") * TITLE_WEIGHT + content
    for name in record.strip:
        if name:
            text = text.replace(name, "|")
    return text


def _normal(text: str) -> str:
    """As `insight.normalise.text`, but `|` where punctuation was: no bigram spans two
    sentences."""
    folded = fold(text).replace("_", "")
    return _PUNCTUATION.sub("|", folded).strip("|")


def cluster(
    records: Sequence[Record],
    keep: Callable[[list[int]], bool] = lambda keys: len(keys) >= 2,
    *,
    same_place: float = SAME_PLACE,
    other_place: float = OTHER_PLACE,
) -> list[Cluster]:
    """The clusters of `records` that `keep` accepts (given their keys), largest first."""
    if not records:
        return []
    texts = [text_of(r) for r in records]
    matrix, vocabulary, idf = vectors(texts)
    pruned = prune(matrix, TOP_TERMS)
    found_links = links(
        pruned, [r.place for r in records], [r.group for r in records], same_place, other_place
    )
    members = components(pruned, found_links, same_place, other_place)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    found = []
    for indices in members:
        indices = indices.tolist()
        keys = [records[i].key for i in indices]
        if len(indices) < 2 or not keep(keys):
            continue
        centrality = _centrality(pruned, indices)
        central = sorted(range(len(indices)), key=lambda i: -centrality[i])[:SOURCES]
        phrases, words = shared_phrases(
            [texts[i] for i in indices], matrix[indices], vocabulary, idf, df, len(texts), central
        )
        found.append(
            Cluster(
                keys=keys,
                centrality={k: c for k, c in zip(keys, centrality, strict=True)},
                phrases=phrases,
                words={k: w for k, w in zip(keys, words, strict=True)},
            )
        )
    found.sort(key=lambda c: (-len(c.keys), min(c.keys)))
    return found


def vectors(texts: Sequence[str]):
    """Sublinear TF-IDF over character bigrams, rows L2-normalised (a sparse matrix).

    The weighting is scikit-learn's TfidfTransformer (smoothed idf, ln((1 + n) / (1 + df)) + 1).
    The counting is not its TfidfVectorizer: that counts the 3 M bigrams of a 15,000-petition
    window one by one in Python (3.5 s against 1.0 s here; a refresh took 9.7 s instead of
    3.2 s in bench/hotspots.py, same clusters). Here the texts are joined, every adjacent pair
    of code points becomes one integer and np.unique numbers the vocabulary; pairs with `|`
    (the separator of parts) are dropped. Returns (matrix, vocabulary codes, idf).
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    joined = "\x00".join(texts) + "\x00"
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    ends = points == 0
    breaks = ends | (points == ord("|"))
    doc = np.cumsum(ends)[:-1]
    valid = ~(breaks[:-1] | breaks[1:])
    codes = (points[:-1] * 0x110000 + points[1:])[valid]
    vocabulary, terms = np.unique(codes, return_inverse=True)
    counts = sparse.csr_matrix(
        (np.ones(len(terms), dtype=np.float32), (doc[valid], terms.ravel())),
        shape=(len(texts), len(vocabulary)),
    )
    counts.sum_duplicates()
    if not len(vocabulary):  # no text has two characters in a row: nothing to weigh
        return counts, vocabulary, np.zeros(0, dtype=np.float32)
    weighting = TfidfTransformer(sublinear_tf=True)
    matrix = weighting.fit_transform(counts).astype(np.float32)
    return matrix, vocabulary, weighting.idf_.astype(np.float32)


def bigram(code: int) -> str:
    return chr(code // 0x110000) + chr(code % 0x110000)


def prune(matrix, top: int):
    """Keep each row's `top` heaviest entries (ties kept) and renormalise."""
    pruned = matrix.copy()
    for row in range(pruned.shape[0]):
        start, end = pruned.indptr[row], pruned.indptr[row + 1]
        if end - start > top:
            data = pruned.data[start:end]
            cut = np.partition(data, end - start - top)[end - start - top]
            data[data < cut] = 0
    pruned.eliminate_zeros()
    if not pruned.shape[1]:  # no bigram at all: nothing to normalise (sklearn refuses)
        return pruned
    from sklearn.preprocessing import normalize

    return normalize(pruned, norm="l2")


@dataclass
class Links:
    """Linked pairs (row < col) with their cosine and whether both lie in one place."""

    rows: np.ndarray
    cols: np.ndarray
    similarity: np.ndarray  # inf between two petitions of one matter: never undone
    same_place: np.ndarray

    def subset(self, kept) -> Links:
        return Links(self.rows[kept], self.cols[kept], self.similarity[kept], self.same_place[kept])

    def at(self, same: float, other: float) -> Links:
        """The pairs still linked at these thresholds."""
        return self.subset(self.similarity >= np.where(self.same_place, same, other) - 1e-6)


def links(pruned, places: Sequence[str], groups: Sequence[int | None], same: float, other: float):
    """Every pair similar enough for its places, and consecutive petitions of each matter."""
    from scipy import sparse

    _, place_ids = np.unique(np.asarray(places, dtype=str), return_inverse=True)
    rows, cols, values = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0)]
    transposed = pruned.T.tocsr()
    for start in range(0, pruned.shape[0], CHUNK):
        block = sparse.triu(pruned[start : start + CHUNK] @ transposed, k=start + 1).tocoo()
        r, c = block.row.astype(np.int64) + start, block.col.astype(np.int64)
        kept = block.data >= np.where(place_ids[r] == place_ids[c], same, other) - 1e-6
        rows.append(r[kept])
        cols.append(c[kept])
        values.append(block.data[kept].astype(np.float64))
    last: dict[int, int] = {}
    for index, group in enumerate(groups):
        if group is not None:
            if group in last:
                rows.append(np.array([last[group]]))
                cols.append(np.array([index]))
                values.append(np.array([np.inf]))
            last[group] = index
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    return Links(rows, cols, np.concatenate(values), place_ids[rows] == place_ids[cols])


def components(pruned, links: Links, same_place: float, other_place: float) -> list:
    """The linked groups (sorted arrays of row numbers, two or more each), chains split.

    Linking is transitive: A like B and B like C can string two issues into one group
    (two tellings of each, bridged by one petition that mentions both). So a group of
    SPLITTABLE or more is looked at again with both thresholds raised by STEP, step by step
    up to TIGHTEST, until it falls apart into two or more groups. The split is taken when
    the group barely held together (mean pairwise cosine under COHESION) or when the parts
    are far less alike across than within (see `_Block.separated`); otherwise the group is
    one issue with some looser members. Members the split left alone join the part they
    are most alike.
    """
    done = []
    pending = [(*group, same_place, other_place) for group in _groups(links)]
    while pending:
        nodes, edges, same, other = pending.pop()
        if len(nodes) < SPLITTABLE:
            done.append(nodes)
            continue
        block = _Block(pruned, nodes)
        whole = block.cohesion(nodes)
        parts = None
        while parts is None and same + STEP <= TIGHTEST + 1e-9:
            same, other = same + STEP, other + STEP
            found = _groups(edges.at(same, other))
            if len(found) >= 2 or (whole < COHESION and sum(len(n) for n, _ in found) < len(nodes)):
                parts = found
        if parts is not None and (whole < COHESION or block.separated([n for n, _ in parts])):
            pending += [(*part, same, other) for part in block.regroup(parts, edges)]
        else:
            done.append(nodes)
    return done


def _groups(edges: Links) -> list[tuple[np.ndarray, Links]]:
    """The connected groups of linked rows, each with its own links."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    if not len(edges.rows):
        return []
    size = int(max(edges.rows.max(), edges.cols.max())) + 1
    graph = sparse.coo_matrix(
        (np.ones(len(edges.rows)), (edges.rows, edges.cols)), shape=(size, size)
    )
    # Labels follow the lowest row of each group, so groups come out in row order.
    _, labels = connected_components(graph, directed=False)
    roots = labels[edges.rows]
    order = np.argsort(roots, kind="stable")
    _, starts = np.unique(roots[order], return_index=True)
    found = []
    for picked in np.split(order, starts[1:]):
        if len(picked):
            group = edges.subset(picked)
            found.append((np.unique(np.concatenate([group.rows, group.cols])), group))
    return found


class _Block:
    """The rows of one group over only the columns they use, dense unless large.

    Most groups are a few petitions of 24 terms each: dense sums over them cost less than
    the per-call overhead of sparse slicing, which dominated with thousands of groups.
    """

    def __init__(self, pruned, nodes: np.ndarray) -> None:
        self.nodes = nodes
        self.matrix = _dense(pruned, nodes)

    def total(self, members) -> np.ndarray:
        return np.asarray(self.matrix[np.searchsorted(self.nodes, members)].sum(axis=0)).ravel()

    def cohesion(self, members) -> float:
        """The mean cosine over all pairs: |Σv|² = n + Σ_{i≠j} v_i·v_j."""
        total, size = self.total(members), len(members)
        return float(total @ total - size) / (size * (size - 1))

    def separated(self, parts: list) -> bool:
        """True when the parts are far less alike across than within: different issues.

        Across is the mean cosine over pairs from two different parts; within, the lowest
        of the parts' own means. A near-duplicate pair within an issue is as alike to the
        rest as the rest is among itself, so it is not split off.
        """
        totals = [self.total(part) for part in parts]
        across = pairs = 0.0
        for i in range(len(parts)):
            for j in range(i + 1, len(parts)):
                across += float(totals[i] @ totals[j])
                pairs += len(parts[i]) * len(parts[j])
        return across / pairs < SEPARATION * min(self.cohesion(part) for part in parts)

    def regroup(self, parts: list, edges: Links) -> list:
        """Give each member the split left alone to the part it is most alike on average
        (if by COHESION at least), and each part its links."""
        if not parts:
            return []
        alone = np.setdiff1d(self.nodes, np.concatenate([nodes for nodes, _ in parts]))
        grown = [list(nodes) for nodes, _ in parts]
        if len(alone):
            rows = self.matrix[np.searchsorted(self.nodes, alone)]
            means = np.column_stack([rows @ (self.total(n) / len(n)) for n, _ in parts])
            for node, best, mean in zip(
                alone, means.argmax(axis=1), means.max(axis=1), strict=True
            ):
                if mean >= COHESION:
                    grown[best].append(node)
        regrouped = []
        for members in grown:
            members = np.sort(np.asarray(members, dtype=np.int64))
            inside = np.isin(edges.rows, members) & np.isin(edges.cols, members)
            regrouped.append((members, edges.subset(inside)))
        return regrouped


def _centrality(pruned, indices: list[int]) -> list[float]:
    """Each member's mean cosine with the other members."""
    rows = _dense(pruned, np.asarray(indices))
    sums = rows @ np.asarray(rows.sum(axis=0)).ravel() - 1
    return [round(float(s) / (len(indices) - 1), 4) for s in sums]


def _dense(pruned, indices: np.ndarray):
    """The rows over only the columns they use: dense when small, else still sparse."""
    from scipy import sparse

    rows = pruned[indices]
    used, columns = np.unique(rows.indices, return_inverse=True)
    if len(indices) * len(used) > DENSE_LIMIT:
        return sparse.csr_matrix(
            (rows.data, columns.ravel(), rows.indptr), shape=(len(indices), len(used))
        )
    dense = np.zeros((len(indices), len(used)), dtype=np.float64)
    dense[np.repeat(np.arange(len(indices)), np.diff(rows.indptr)), columns.ravel()] = rows.data
    return dense


def shared_phrases(
    texts: list[str], matrix, vocabulary, idf, df, total: int, sources: Sequence[int]
) -> tuple[list[tuple[str, int]], list[list[str]]]:
    """The phrases most members share, best first, and those each member contains.

    1. A bigram is shared when at least SHARED of the members (and two) contain it.
    2. Phrases are the maximal runs of shared bigrams in the texts of `sources` (the most
       central members); digits break a run ("3栋" says nothing of the issue).
    3. Particles at either end are trimmed (的, 了, 吗 …), and so is a unit or place
       suffix after a number (3栋, A5区, 2003年). A phrase made mostly of everyday
       bigrams (in GENERIC of all the window's petitions and mostly outside the cluster:
       您好, 有关部门, 严重影响) says nothing of the issue and is dropped; a two-character
       phrase must be in half the members, and three.
    4. A phrase scores (members containing it)² × (the idf of its bigrams, summed): most
       members first, then longer and rarer; the best are kept, skipping any phrase inside
       or around one already kept.
    """
    need = max(2, math.ceil(SHARED * len(texts)))
    present, coverage = np.unique(matrix.indices, return_counts=True)  # members per bigram
    columns, coverage = present[coverage >= need], coverage[coverage >= need]
    shared = {bigram(int(vocabulary[c])): float(idf[c]) for c in columns}
    everyday = {
        bigram(int(vocabulary[c]))
        for c, n in zip(columns, coverage, strict=True)
        if df[c] >= GENERIC * total and df[c] >= 3 * n
    }
    candidates: set[str] = set()
    for text in (texts[i] for i in sources):
        start = None
        for i in range(len(text)):
            pair = text[i : i + 2]
            if len(pair) == 2 and pair in shared and not _DIGITS.search(pair):
                start = i if start is None else start
                continue
            if start is not None:
                after_number = start > 0 and text[start - 1].isdigit()
                candidates.add(_trim(text[start : i + 1], after_number))
            start = None
    scored = []
    for phrase in candidates:
        pairs = [phrase[i : i + 2] for i in range(len(phrase) - 1)]
        if not pairs or any(p not in shared for p in pairs):
            continue
        if sum(p in everyday for p in pairs) * 2 >= len(pairs):
            continue
        weight = sum(shared[p] for p in pairs)
        holders = sum(1 for text in texts if phrase in text)
        if holders >= (need if len(phrase) > 2 else max(3, need, math.ceil(len(texts) / 2))):
            scored.append((holders * holders * weight, holders, phrase))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    chosen: list[tuple[str, int]] = []
    for _, holders, phrase in scored:
        if any(phrase in kept or kept in phrase for kept, _ in chosen):
            continue
        chosen.append((phrase, holders))
        if len(chosen) == PHRASES:
            break
    return chosen, [[p for p, _ in chosen if p in text] for text in texts]


def _trim(phrase: str, after_number: bool) -> str:
    """Drop particles at either end, and a unit or place suffix left by a number (3栋, A5区)."""
    if after_number:
        phrase = phrase.lstrip(_AFTER_NUMBERS)
    return phrase.strip(_PARTICLES)
