"""The floor under `collegekit lint`: parse every record, and nothing else.

Reads every `.yaml` file and the front matter of every `.md` file under a
records folder and parses each with libyaml's C parser (ruamel.yaml.clib's
`CSafeLoader`) into plain Python data: no validation, no line numbers, no
cross-references, no report. `collegekit lint` has to do at least this much
work, so the ratio of its time to this one says how much lint adds on top of
reading the files, whatever the machine.

With `--pyyaml`, PyYAML's C loader (`yaml.CSafeLoader`, libyaml and
PyYAML's own constructor) parses instead: the loader most Python tools use,
the baseline of the whole-process table (`whole.py`).

Usage: python benchmarks/bare_parse.py [--pyyaml] RECORDS_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

FRONT_MATTER_FENCE = "---\n"
_PYYAML = None  # the yaml module, with --pyyaml


def front_matter(text: str) -> str | None:
    """The YAML between the opening and closing `---` lines, if any."""
    if not text.startswith(FRONT_MATTER_FENCE):
        return None
    end = text.find(f"\n{FRONT_MATTER_FENCE}", len(FRONT_MATTER_FENCE) - 1)
    return text[len(FRONT_MATTER_FENCE) : end + 1] if end >= 0 else None


def parse(text: str) -> object:
    if _PYYAML is not None:
        return _PYYAML.load(text, Loader=_PYYAML.CSafeLoader)
    from ruamel.yaml.cyaml import CSafeLoader  # here: --pyyaml pays for no ruamel import

    loader = CSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_records(root: Path) -> int:
    """Parse every record under `root`; return how many files were parsed."""
    parsed = 0
    for path in sorted(root.rglob("*.yaml")):
        parse(path.read_text(encoding="utf-8"))
        parsed += 1
    for path in sorted(root.rglob("*.md")):
        yaml_text = front_matter(path.read_text(encoding="utf-8"))
        if yaml_text is not None:
            parse(yaml_text)
            parsed += 1
    return parsed


def main(argv: list[str]) -> int:
    global _PYYAML
    if argv[1:2] == ["--pyyaml"]:
        import yaml

        _PYYAML = yaml
        argv = argv[:1] + argv[2:]
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    print(f"{parse_records(Path(argv[1]))} files parsed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
