"""Timing one meeting's minutes to Word against pandoc alone, for `make bench`.

Usage: python benchmarks/render.py [RECORDS] [MEETING]

The goal (issue 6): rendering the minutes to DOCX takes at most 1.5 times
what the bundled pandoc takes alone on the same Markdown. Both are measured
in the same run, alternately, and the medians compared:

    from collegekit.render.benchmark import minutes_against_pandoc
    print(minutes_against_pandoc(Path("records"), "2025-03-18-pleniere"))
"""

from __future__ import annotations

import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from collegekit.records import load
from collegekit.render import documents, markdown, pandoc
from collegekit.render.build import Renderer


@dataclass(frozen=True)
class Timing:
    load: float  # median seconds to load the records (shared by every command, not counted)
    collegekit: float  # median seconds: templates compiled, Markdown rendered, pandoc run, header written
    pandoc_alone: float  # median seconds: the same pandoc command on the same Markdown

    @property
    def ratio(self) -> float:
        return self.collegekit / self.pandoc_alone

    def __str__(self) -> str:
        return (
            f"minutes to DOCX: {self.collegekit * 1000:.0f} ms (plus {self.load * 1000:.0f} ms loading the records); "
            f"pandoc alone: {self.pandoc_alone * 1000:.0f} ms; ratio {self.ratio:.2f} (target <= 1.5)"
        )


def minutes_against_pandoc(records: Path, meeting_id: str, repeat: int = 7) -> Timing:
    loads, ours, theirs = [], [], []
    executable = pandoc.pandoc_path()
    for _ in range(repeat):
        start = time.perf_counter()
        result = load(records)
        assert result.college is not None
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        renderer = Renderer(result.college)
        document = documents.minutes(result.college, meeting_id)
        text = renderer.markdown(document)
        renderer.docx(document, text)
        ours.append(time.perf_counter() - start)

        body = markdown.strip_front_matter(text)
        start = time.perf_counter()
        subprocess.run(
            [executable, f"--from={pandoc.READER}", "--to=docx", f"--reference-doc={renderer.reference()}",
             "--shift-heading-level-by=-1", "--output=-"],
            input=body.encode("utf-8"),
            capture_output=True,
            check=True,
        )
        theirs.append(time.perf_counter() - start)
    return Timing(statistics.median(loads), statistics.median(ours), statistics.median(theirs))


if __name__ == "__main__":
    import sys

    records = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "records"
    meeting = sys.argv[2] if len(sys.argv) > 2 else "2025-03-18-pleniere"
    print(minutes_against_pandoc(records, meeting))
