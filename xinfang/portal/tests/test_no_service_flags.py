"""The 老户 flag and the 积案 mark are the staff's service notes: a petitioner looking up
their own case on the portal sees neither."""

from __future__ import annotations

from xinfang.backlog import actions
from xinfang.petitions.models import Petition


def test_a_flagged_petitioner_sees_no_flag_on_the_portal(cast, submit, looked_up, visitor):
    _, number, code = submit()
    petition = Petition.objects.get(number=number)
    actions.flag_long_term(cast.alice, petition.petitioners.get(), note="生活困难，需持续帮扶")
    actions.mark_backlog(cast.alice, petition.matter, reason="多次答复仍反复信访")
    looked_up(number, code)
    html = visitor.get(f"/portal/case/{number}/").content.decode()
    assert number in html
    for word in ("老户", "持续帮扶", "积案", "反复信访"):
        assert word not in html
