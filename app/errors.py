"""Errors a grid worker can act on: every one carries its message in Chinese and in English.

The UI picks the language; logs keep the English. Codes are stable so tests and the UI can
tell failures apart without parsing text.
"""

from __future__ import annotations


class TongxinError(Exception):
    """Base for every error the app reports to a person."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.zh = zh
        self.en = en

    def message(self, language: str = "zh") -> str:
        return self.zh if language.startswith("zh") else self.en

    def __str__(self) -> str:
        return f"{self.zh} ({self.en})"


class InvalidValue(TongxinError, ValueError):
    """A value a person typed that cannot be accepted.

    It is a ValueError so pydantic validators can raise it; pydantic keeps the instance in the
    error's ``ctx['error']``, which is how the UI finds the bilingual message for a field.
    """


class StoreError(TongxinError):
    """The local database could not do what was asked."""


class WrongKey(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "wrong_key",
            "无法打开数据库：密钥错误，或文件不是同心网格数据库。",
            "Cannot open the database: the key is wrong, or the file is not a Tongxin database.",
        )


class NewerSchema(StoreError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            "newer_schema",
            f"数据库版本（{found}）比本程序（{known}）新，请升级同心网格后再打开。",
            f"The database is schema version {found}, newer than this program ({known}): upgrade Tongxin.",
        )


class RecordNotFound(StoreError):
    def __init__(self, entity: str, record_id: str) -> None:
        super().__init__(
            "not_found",
            f"找不到记录（{entity} {record_id}），可能已被删除。",
            f"No {entity} record {record_id}; it may have been deleted.",
        )


class OutsideThisLaptop(StoreError):
    """A record of a grid this laptop is not enrolled for: the server would refuse it anyway."""

    def __init__(self, grid_name: str) -> None:
        super().__init__(
            "outside_device",
            f"网格“{grid_name}”不在本机负责的范围内，不能在本机保存。请在负责该网格的电脑上录入，"
            "或请管理员调整本机登记的网格。",
            f"{grid_name} is not a grid this laptop covers, so the record cannot be saved here. "
            "Record it on a laptop of that grid, or ask IT to change this laptop's grids.",
        )
