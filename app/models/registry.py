"""Grids, households, residents and users: who lives where and who looks after them."""

from __future__ import annotations

from datetime import date
from typing import Any, Self
from uuid import UUID, uuid5

from pydantic import Field, ValidationInfo, model_validator

from app.errors import InvalidValue
from app.models.checks import checks_today, checks_values
from app.models.enums import Gender, GridLevel, HouseholdTag, Role
from app.models.ethnicity import Ethnicity
from app.models.fields import Address, GridCode, IdNumber, Note, PersonName, Phone, Title, Username
from app.models.record import Record
from app.validation import date_not_in_future, parse_id_number

# Grid records are named by their code: the server's record of a grid and a laptop's (demo data,
# an older file) are one record, not two with the same code.
GRID_NAMESPACE = UUID("5e1d7a0c-3a52-4a8e-9c61-7f2b0b6d1c2a")


def grid_record_id(code: str) -> UUID:
    return uuid5(GRID_NAMESPACE, code)


class Grid(Record):
    entity = "grids"

    code: GridCode
    name: Title
    level: GridLevel
    parent_code: GridCode | None = None

    @model_validator(mode="before")
    @classmethod
    def _id_from_code(cls, values: Any) -> Any:
        if isinstance(values, dict) and values.get("id") is None and isinstance(values.get("code"), str):
            return {**values, "id": grid_record_id(values["code"])}
        return values

    @model_validator(mode="after")
    def _grid_is_own_code(self, info: ValidationInfo) -> Self:
        if checks_values(info) and self.grid != self.code:
            raise InvalidValue("grid_self", "网格记录的所属网格必须是它自己。", "A grid belongs to itself.")
        return self


class Household(Record):
    entity = "households"

    address: Address
    head_name: PersonName
    phone: Phone | None = None
    tags: list[HouseholdTag] = Field(default_factory=list)
    notes: Note = ""

    @model_validator(mode="after")
    def _tags_once(self) -> Self:
        if len(set(self.tags)) != len(self.tags):
            self.tags = list(dict.fromkeys(self.tags))
        return self


class Resident(Record):
    entity = "residents"

    household_id: UUID
    name: PersonName
    gender: Gender
    birth_date: date | None = None
    id_number: IdNumber | None = None
    ethnicity: Ethnicity | None = None
    phone: Phone | None = None
    notes: Note = ""

    @model_validator(mode="after")
    def _consistent_with_id_number(self, info: ValidationInfo) -> Self:
        if self.birth_date is not None and checks_today(info):
            date_not_in_future(self.birth_date)
        if self.id_number is None or not checks_values(info):
            return self
        parsed = parse_id_number(self.id_number)
        if self.birth_date is not None and self.birth_date != parsed.birth_date:
            raise InvalidValue(
                "id_birth_mismatch",
                f"出生日期与身份证号码不符（号码中为{parsed.birth_date.isoformat()}）。",
                f"The birth date does not match the ID number ({parsed.birth_date.isoformat()}).",
            )
        if (self.gender is Gender.MALE) != parsed.male:
            expected = Gender.MALE if parsed.male else Gender.FEMALE
            raise InvalidValue(
                "id_gender_mismatch",
                f"性别与身份证号码不符（号码显示为{expected.zh}）。",
                f"The gender does not match the ID number ({expected.en}).",
            )
        return self


class User(Record):
    entity = "users"

    username: Username
    display_name: PersonName
    role: Role
    grids: list[GridCode] = Field(min_length=1)
