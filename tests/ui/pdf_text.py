"""What a printed PDF holds, read back with poppler's pdftotext as a person's viewer would."""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')


def median_word_height(path: Path) -> float:
    """The median height of the printed words, in points (1/72 inch): about the font's size."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return statistics.median(float(bottom) - float(top) for top, bottom in _WORD.findall(boxes))
