# ruff: noqa: T201, INP001
"""Check an Inno Setup message file (.isl) against the Default.isl of the ISCC in use.

Why: ISCC silently falls back to English for a key missing from a translation
and never checks that a translated message still carries the placeholders Setup
fills in, so a stale or mistyped translation only shows at install time on an
office laptop, as an English line or a message without the path or program name
in it.  FieldKit keeps its own Indonesian.isl, so after every ISCC upgrade this
script tells what to translate again.

Problems reported (exit status 1):
- no UTF-8 byte order mark (Inno Setup 6 reads an .isl as Unicode only with one);
- a key of [Messages] or [CustomMessages] missing, or one not in Default.isl;
- a key given twice;
- a message whose placeholders (%1..%9 as a multiset, and the number of %n)
  differ from Default.isl's;
- a message whose [name]-style constants ([name], [name/ver], [gb], [mb]) differ;
- a message whose number of & accelerators differs ("&&" is a literal "&");
- a period added at the end of a message that had none (Setup adds it itself).

Usage: python3 check_isl.py <ISCC folder>/Default.isl packaging/windows/Indonesian.isl
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("check_isl")

BOM = b"\xef\xbb\xbf"
CHECKED_SECTIONS = ("Messages", "CustomMessages")
PLACEHOLDER = re.compile(r"%([1-9n])")
CONSTANT = re.compile(r"\[(?:name|name/ver|gb|mb|kb)\]")
SECTION = re.compile(r"^\[([^\]]+)\]\s*$")


@dataclass
class IslFile:
    """The keys of one .isl file, section by section, and what was odd while reading it."""

    path: Path
    has_bom: bool
    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    duplicates: list[tuple[str, str]] = field(default_factory=list)


def read_isl(path: Path) -> IslFile:
    """Read an .isl the way ISCC does: INI sections, ';' comments, key=value (first '=')."""
    raw = path.read_bytes()
    isl = IslFile(path=path, has_bom=raw.startswith(BOM))
    text = raw.decode("utf-8-sig")
    current: dict[str, str] | None = None
    section_name = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        match = SECTION.match(stripped)
        if match:
            section_name = match.group(1)
            current = isl.sections.setdefault(section_name, {})
            continue
        if current is None or "=" not in line:
            logger.debug("%s: line outside a key: %r", path, line)
            continue
        key, value = line.split("=", 1)
        key = key.strip()
        if key in current:
            isl.duplicates.append((section_name, key))
        current[key] = value
    return isl


def placeholders(value: str) -> tuple[Counter[str], int]:
    """The %1..%9 placeholders of a message as a multiset, and its number of %n."""
    found = PLACEHOLDER.findall(value.replace("%%", ""))
    numbered = Counter(f"%{p}" for p in found if p != "n")
    return numbered, found.count("n")


def accelerators(value: str) -> int:
    """Number of & accelerator markers; '&&' shows a literal '&' and is no marker."""
    return value.replace("&&", "").count("&")


def compare_message(section: str, key: str, reference: str, translated: str) -> list[str]:
    """Every problem of one translated message against its Default.isl original."""
    problems: list[str] = []
    where = f"[{section}] {key}"
    ref_numbered, ref_newlines = placeholders(reference)
    new_numbered, new_newlines = placeholders(translated)
    if ref_numbered != new_numbered:
        problems.append(
            f"{where}: placeholders {sorted(new_numbered.elements())}, "
            f"expected {sorted(ref_numbered.elements())}"
        )
    if ref_newlines != new_newlines:
        problems.append(f"{where}: {new_newlines} %n, expected {ref_newlines}")
    ref_constants = sorted(CONSTANT.findall(reference))
    new_constants = sorted(CONSTANT.findall(translated))
    if ref_constants != new_constants:
        problems.append(f"{where}: constants {new_constants}, expected {ref_constants}")
    if accelerators(reference) != accelerators(translated):
        problems.append(
            f"{where}: {accelerators(translated)} '&' accelerator(s), "
            f"expected {accelerators(reference)}"
        )
    if translated.rstrip().endswith(".") and not reference.rstrip().endswith("."):
        problems.append(f"{where}: ends with a period; Setup adds one itself")
    return problems


def compare(reference: IslFile, translation: IslFile) -> list[str]:
    """Every problem of a translation against the reference Default.isl."""
    problems: list[str] = []
    if not translation.has_bom:
        problems.append(f"{translation.path}: no UTF-8 byte order mark")
    problems.extend(
        f"[{section}] {key}: given more than once" for section, key in translation.duplicates
    )
    for section in CHECKED_SECTIONS:
        ref_keys = reference.sections.get(section, {})
        new_keys = translation.sections.get(section)
        if new_keys is None:
            problems.append(f"[{section}]: section missing")
            continue
        problems.extend(f"[{section}] {key}: missing" for key in ref_keys if key not in new_keys)
        problems.extend(
            f"[{section}] {key}: not in the reference" for key in new_keys if key not in ref_keys
        )
        for key, value in ref_keys.items():
            if key in new_keys:
                problems.extend(compare_message(section, key, value, new_keys[key]))
    return problems


def main(argv: list[str] | None = None) -> int:
    """Compare, print the problems or a one-line all-clear, and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="Default.isl of the ISCC in use")
    parser.add_argument("translation", type=Path, help="the .isl to check")
    parser.add_argument("-v", "--verbose", action="store_true", help="log parsing details")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s"
    )

    reference = read_isl(args.reference)
    translation = read_isl(args.translation)
    problems = compare(reference, translation)
    counts = ", ".join(
        f"{len(translation.sections.get(s, {}))}/{len(reference.sections.get(s, {}))} [{s}] keys"
        for s in CHECKED_SECTIONS
    )
    if problems:
        print(f"{args.translation}: {len(problems)} problem(s) ({counts})")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(f"{args.translation}: OK ({counts}, BOM present)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
