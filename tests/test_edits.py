"""A form open while a sync changes its record: each field keeps the newest thing a person chose —
what arrived where the form left a field alone, the form's edit where the sync left it alone — and
where both changed one field, nothing is saved until the person has seen it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import RecordNotFound
from app.models import Household
from app.services.edits import EditedMeanwhile, over_stored
from app.store import Store
from tests.conftest import make_household

FIELDS = ("head_name", "address", "phone", "notes")
VALUES = {
    "head_name": ["其其格", "ᠪᠠᠲᠤ", "Bat-Erdene"],
    "address": ["巴彦嘎查2组7号", "乌兰嘎查1组3号"],
    "phone": ["13947112345", "15804791234", None],
    "notes": ["", "冬季草场在北梁", "孩子在旗里上学"],
}
_changes = st.fixed_dictionaries({}, optional={name: st.sampled_from(VALUES[name]) for name in FIELDS})


@settings(max_examples=60, deadline=None)
@given(synced=_changes, typed=_changes)
def test_each_field_keeps_the_newest_choice_and_a_clash_is_refused(
    tmp_path_factory: pytest.TempPathFactory, synced: dict[str, object], typed: dict[str, object]
) -> None:
    store = Store.open(tmp_path_factory.mktemp("edits") / "laptop.db")
    try:
        opened = store.save(make_household())
        store.save(opened.model_copy(update=synced))  # what a pull writes while the form is open
        edited = opened.model_copy(update=typed)
        clashes = [
            n
            for n in FIELDS
            if n in synced
            and n in typed
            and synced[n] != getattr(opened, n)
            and typed[n] != getattr(opened, n)
            and synced[n] != typed[n]
        ]
        if clashes:
            with pytest.raises(EditedMeanwhile) as refused:
                over_stored(store, opened, edited)
            assert sorted(refused.value.fields) == sorted(clashes)
            assert refused.value.stored == store.get(Household, opened.id)
            return
        merged = over_stored(store, opened, edited)
        for name in FIELDS:
            before = getattr(opened, name)
            mine = typed.get(name, before)
            theirs = synced.get(name, before)
            assert getattr(merged, name) == (mine if mine != before else theirs), name
    finally:
        store.close()


def test_a_form_saved_after_the_record_was_deleted_by_a_sync_says_so(store: Store) -> None:
    opened = store.save(make_household())
    store.delete(Household, opened.id)
    with pytest.raises(RecordNotFound, match="可能已被删除"):
        over_stored(store, opened, opened.model_copy(update={"notes": "补记"}))
