"""A ledger row's text is folded once for both its search entry and its repeat keys
(`importing.prepare`): the shared fold must give the repeat rule's own text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang.insight import normalise
from xinfang.petitions import search

# What ledgers hold: Chinese, full-width and half-width letters and digits, punctuation,
# every kind of space `str.strip` removes, and combining marks that NFKC may compose.
_ALPHABET = st.sampled_from(
    list("房屋开裂工资拖欠ＡＢｃ１２ab12_。，！,.;:（）()\u3000\u00a0\u2003\t\n\x1c\u0301\u0308e")
)
_TEXT = st.text(_ALPHABET, max_size=40)


@given(title=_TEXT, content=_TEXT)
@settings(max_examples=400)
def test_the_shared_fold_gives_the_repeat_rules_text(title, content):
    # The probe's text is made from the ledger's words as written; the draft's from the
    # same words stripped by registration's checks.
    folded = search.fold(f"{title.strip()}\n{content.strip()}")

    assert normalise.text_of_folded(folded) == normalise.text(f"{title} {content}")
