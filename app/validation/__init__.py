"""Validators for what grid workers type. Each failure is an InvalidValue in Chinese and English."""

from app.validation.dates import date_not_in_future, ensure_aware, time_not_in_future
from app.validation.id_number import IdNumberInfo, check_digit, parse_id_number
from app.validation.names import normalize_name, validate_name
from app.validation.phones import validate_mobile, validate_phone
from app.validation.text import validate_text

__all__ = [
    "IdNumberInfo",
    "check_digit",
    "date_not_in_future",
    "ensure_aware",
    "normalize_name",
    "parse_id_number",
    "time_not_in_future",
    "validate_mobile",
    "validate_name",
    "validate_phone",
    "validate_text",
]
