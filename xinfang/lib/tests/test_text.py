"""Text folded for comparing: NFKC run by run is NFKC of the whole."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from xinfang.lib.text import fold

# Full-width forms, combining marks (composing, reordered), ligatures, a compatibility
# ideograph, Hangul jamo, an astral ideograph.
_MIXED = "房屋开裂，。：（）Ａ栋１２号e\u0301\u0316\u0327ﬁ㎏\uf900\u1100\u1161\uac00 İ𠀀"


@given(st.text(alphabet=_MIXED))
def test_a_text_folded_run_by_run_is_nfkc_of_the_whole_in_lower_case(text):
    """Normalised between ideographs, a text folds exactly as NFKC of it whole would."""
    assert fold(text) == unicodedata.normalize("NFKC", text).lower()
