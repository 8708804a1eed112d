"""What every benchmark prints: its figures one per line, then one JSON object as the last line."""

from __future__ import annotations

import json
from typing import Any


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def target(value: float, limit: float, better: str = "lower") -> dict[str, Any]:
    return {"value": value, "limit": limit, "better": better}


def emit(figures: dict[str, float], targets: dict[str, dict[str, Any]], **context: Any) -> None:
    for name, value in figures.items():
        print(f"{name:36s} {value:12.3f}")
    for name, entry in targets.items():
        verdict = "met" if (entry["value"] <= entry["limit"]) == (entry["better"] == "lower") else "NOT met"
        print(f"target {name}: {entry['value']:.3f} (limit {entry['limit']}, {entry['better']}) {verdict}")
    print(json.dumps({**context, "figures": figures, "targets": targets}, ensure_ascii=False))
