"""Match the nodes of two plans: by copy-year source links, then exact text, then bounded fuzzy text."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence

from planner.model import Node

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 80.0
# Fuzzy matching scores every leftover against every candidate while that is at most FULL_PAIRS pairs
# (about 2 µs a pair for CJK text); beyond it, each leftover is scored only against the WINDOW candidates
# on either side of its proportional position (reworded nodes mostly keep their place), so the work stays
# linear in the number of leftovers.
FULL_PAIRS = 20_000
WINDOW = 8
_NOISE = re.compile(r"[\s\u3000，,、。.．;；:：!！?？「」『』()（）\[\]【】\-—_/]+")


# Full-width ASCII (！ to ～) to half-width; a table is ~10× faster than NFKC on plan text.
_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def normalise(text: str) -> str:
    """Return text folded for matching: full-width to half-width, no spaces or punctuation, lower case."""
    folded = _NOISE.sub("", text)
    if _WIDE.search(folded):  # full-width letters and digits (ＳＯＰ, １) are rare: translate only then
        folded = _NOISE.sub("", folded.translate(_HALF))
    return folded.lower()


def node_text(node: Node) -> str:
    """Return the text a node is matched on: its title and body."""
    return normalise(node.title + "\n" + node.body)


class Matcher:
    """Pairs old nodes with new nodes, level by level (要項, then 重點, then 方法)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, use_links: bool = True) -> None:
        self.threshold = float(threshold)
        self.use_links = use_links
        self.new_to_old: dict[int, Node] = {}
        self.old_to_new: dict[int, Node] = {}
        self.how: dict[int, str] = {}  # new node id -> "link" | "text" | "fuzzy"
        self._text: dict[int, str] = {}

    # ------------------------------------------------------------ helpers

    def _pair(self, old: Node, new: Node, how: str) -> None:
        self.new_to_old[new.id] = old
        self.old_to_new[old.id] = new
        self.how[new.id] = how

    def _key(self, node: Node) -> str:
        key = self._text.get(node.id)
        if key is None:
            key = self._text[node.id] = node_text(node)
        return key

    def _parent_key(self, node: Node) -> int | None:
        """Return the id of the old node a new node's parent is matched to (-1 unmatched, None top level)."""
        if node.parent is None:
            return None
        partner = self.new_to_old.get(node.parent.id)
        return partner.id if partner is not None else -1

    # ------------------------------------------------------------ passes

    def match(self, old_nodes: Sequence[Node], new_nodes: Sequence[Node]) -> None:
        """Match every node of new_nodes to at most one node of old_nodes (both in document order)."""
        old_by_id = {n.id: n for n in old_nodes}
        if self.use_links:
            for node in new_nodes:
                source = old_by_id.get(node.source_id) if node.source_id is not None else None
                if source is not None and source.level == node.level and source.id not in self.old_to_new:
                    self._pair(source, node, "link")
        for level in sorted({n.level for n in new_nodes} | {n.level for n in old_nodes}):
            olds = [n for n in old_nodes if n.level == level and n.id not in self.old_to_new]
            news = [n for n in new_nodes if n.level == level and n.id not in self.new_to_old]
            if olds and news:
                self._match_level(olds, news)

    def _match_level(self, olds: list[Node], news: list[Node]) -> None:
        """Match one level's leftovers: exact text under the same parent, exact anywhere, then fuzzy."""
        by_parent_text: dict[tuple[int | None, str], list[Node]] = defaultdict(list)
        by_text: dict[str, list[Node]] = defaultdict(list)
        for old in olds:
            parent = old.parent.id if old.parent is not None else None
            by_parent_text[(parent, self._key(old))].append(old)
            by_text[self._key(old)].append(old)
        rest: list[Node] = []
        for new in news:
            candidates = by_parent_text.get((self._parent_key(new), self._key(new)))
            found = self._take(candidates)
            if found is None:
                rest.append(new)
            else:
                self._pair(found, new, "text")
        news, rest = rest, []
        for new in news:
            found = self._take(by_text.get(self._key(new))) if self._key(new) else None
            if found is None:
                rest.append(new)
            else:
                self._pair(found, new, "text")
        if rest:
            self._fuzzy(rest, [o for o in olds if o.id not in self.old_to_new])

    def _take(self, candidates: list[Node] | None) -> Node | None:
        """Pop the first still unmatched node of a candidate list."""
        while candidates:
            old = candidates.pop(0)
            if old.id not in self.old_to_new:
                return old
        return None

    def _fuzzy(self, news: list[Node], olds: list[Node]) -> None:
        """Fuzzy-match leftovers: within the matched parent first, then across parents (bounded)."""
        if not olds:
            return
        siblings: dict[int | None, list[Node]] = defaultdict(list)
        for old in olds:
            siblings[old.parent.id if old.parent is not None else None].append(old)
        groups: dict[int | None, list[Node]] = defaultdict(list)
        for new in news:
            groups[self._parent_key(new)].append(new)
        order = {n.id: i for i, n in enumerate(news)}
        rest: list[Node] = []
        for parent_key, group in groups.items():
            pool = [o for o in siblings.get(parent_key, []) if o.id not in self.old_to_new]
            rest.extend(self._assign(group, pool))
        rest.sort(key=lambda n: order[n.id])
        pool = [o for o in olds if o.id not in self.old_to_new]
        if rest and pool:
            self._assign(rest, pool)

    def _assign(self, news: list[Node], pool: list[Node]) -> list[Node]:
        """Pair each new node, in order, with its most similar node left in pool; return the unpaired ones."""
        from rapidfuzz import fuzz, process  # 40–120 ms: only when plans are compared, not at the app's start

        keys = [self._key(o) for o in pool]
        full = len(news) * len(pool) <= FULL_PAIRS
        if not full:
            log.debug("fuzzy matching %d × %d in windows of ±%d", len(news), len(pool), WINDOW)
        taken: set[int] = set()
        unpaired: list[Node] = []
        for k, new in enumerate(news):
            if full:
                span = range(len(pool))
            else:
                centre = k * len(pool) // len(news)
                span = range(max(0, centre - WINDOW), min(len(pool), centre + WINDOW + 1))
            candidates = [i for i in span if i not in taken]
            found = (
                process.extractOne(
                    self._key(new), [keys[i] for i in candidates], scorer=fuzz.ratio, score_cutoff=self.threshold
                )
                if candidates
                else None
            )
            if found is None:
                unpaired.append(new)
                continue
            index = candidates[found[2]]
            taken.add(index)
            self._pair(pool[index], new, "fuzzy")
        return unpaired


def score(a: str, b: str) -> float:
    """Return the similarity (0–100) of two texts as the matcher sees them."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(normalise(a), normalise(b)))
