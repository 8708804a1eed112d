"""An edit of a record made in a form that stayed open while a sync (or another window) changed the
same record: the edit is laid over what is stored now, field by field, so what arrived meanwhile is
kept and never silently written back to what the form was opened with.

A form builds a whole record: every field it shows, plus the fields it keeps from the record as it
was opened (a dispute's status and mediator, a household's phone). Saved as built, each field the
form did not touch but the sync did would go back to its old value — as a new edit, so the other
laptop's change would be undone everywhere without a conflict. Here, for each field:

* unchanged since the form opened: the form's value (the person's edit, if any);
* changed meanwhile and left alone in the form: what is stored now;
* changed meanwhile and changed in the form to something else: refused, naming the fields, so the
  person sees both before choosing — and their typing stays in the form::

    edited = over_stored(store, opened, built)   # raises EditedMeanwhile(["phone"])
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

from app.errors import TongxinError
from app.models import Record
from app.store import Store

R = TypeVar("R", bound=Record)


class EditedMeanwhile(TongxinError):
    """Fields the form changed that a sync also changed, to another value, since it was opened."""

    def __init__(self, stored: Record, merged: Record, fields: list[str]) -> None:
        super().__init__(
            "edited_meanwhile",
            "打开表单后，同步更新了这些内容：" + "、".join(fields) + "。",
            "Since the form was opened, a sync changed: " + ", ".join(fields) + ".",
        )
        self.stored = stored
        self.merged = merged
        self.fields = fields


def over_stored(store: Store, opened: R, edited: R, untouched: Collection[str] = ()) -> R:
    """``edited`` (built from ``opened`` by a form) laid over the stored record; raises
    EditedMeanwhile where both changed one field differently, carrying the stored record and the
    edit with every other field laid over it (for the form to show before the person saves again).

    ``untouched`` names the fields the form shows and the person left as they were opened: those
    take what is stored, even where the form's rendering of a value is not exactly it (a time to the
    second, a list in the picker's order). Any other field counts as edited where it differs from
    ``opened``."""
    stored = store.get(type(opened), opened.id)
    kept: dict[str, object] = {}
    clashes: list[str] = []
    for name in type(opened).model_fields:
        before, now, mine = getattr(opened, name), getattr(stored, name), getattr(edited, name)
        if name in untouched or mine == before:
            if now != mine:
                kept[name] = now
        elif now not in (before, mine):
            clashes.append(name)
    merged = edited.model_copy(update=kept)
    if clashes:
        raise EditedMeanwhile(stored, merged, clashes)
    return merged
