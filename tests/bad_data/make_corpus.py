"""Regenerate the broken data directories of tests/bad_data/ from the shipped data/.

Each case directory holds a ``case.toml``: what is broken (``description``), the recipe
that broke it (``[[edit]]`` entries, applied in order to the shipped files) and what the
loaders must say (``[[expect]]``, or ``loads = true``). This script applies each recipe and
writes the changed files next to ``case.toml``, byte for byte. ``tests/test_bad_data.py``
checks that they are up to date and overlays them on a copy of ``data/``.

Run it from the repository after ``data/`` changed, then check the expectations::

    python tests/bad_data/make_corpus.py              # every case
    python tests/bad_data/make_corpus.py 14_not_utf8  # the cases named

An ``[[edit]]`` names its ``file`` and either replaces text that occurs exactly once
(``old``, ``new``; with ``fill`` and ``fill_length``, the ``{fill}`` in ``new`` becomes
``fill`` repeated to exactly that many characters) or does one thing with ``do``:

========================  =============================================================
``remove``                delete the file
``make_directory``        put a folder where the file was
``empty``                 leave the file with no bytes at all
``append``                add ``text`` at the end
``truncate_last_row``     keep the first ``keep`` characters of the last row, drop the rest
``crlf``                  end every line with CR LF (as Windows editors save)
``prepend_bom``           start the file with a UTF-8 byte order mark (as Excel saves)
``encode``                save the text in another ``encoding``, e.g. ``cp1251``
========================  =============================================================
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
DATA = CORPUS.parent.parent / "data"
CASE_FILE = "case.toml"
BOM = b"\xef\xbb\xbf"
PLACEHOLDER = "placeholder.txt"
PLACEHOLDER_TEXT = b"A folder stands where the table's CSV file should be.\n"


class RecipeError(ValueError):
    """A recipe that cannot be applied to the shipped data as written."""


def case_dirs(corpus: Path = CORPUS) -> list[Path]:
    """Every case directory of the corpus, in name order."""
    return sorted(
        path for path in corpus.iterdir() if path.is_dir() and not path.name.startswith((".", "__"))
    )


def read_case(case_dir: Path) -> dict:
    """The parsed ``case.toml`` of a case directory."""
    with (case_dir / CASE_FILE).open("rb") as f:
        return tomllib.load(f)


def removed_files(case: dict) -> list[str]:
    """The data files the recipe deletes."""
    return [edit["file"] for edit in case.get("edit", []) if edit.get("do") == "remove"]


def build(case: dict, data_dir: Path) -> dict[str, bytes]:
    """Apply the recipe to ``data_dir``'s files: each file it leaves changed, by path.

    A removed file is absent from the result; a folder put where a file was appears as
    the one placeholder file inside it (git keeps no empty folder).
    """
    files: dict[str, bytes] = {}
    for edit in case.get("edit", []):
        name, action = edit["file"], edit.get("do", "replace")
        if action == "remove":
            files.pop(name, None)
        elif action == "make_directory":
            files.pop(name, None)
            files[f"{name}/{PLACEHOLDER}"] = PLACEHOLDER_TEXT
        elif action in ACTIONS:
            current = files[name] if name in files else (data_dir / name).read_bytes()
            files[name] = ACTIONS[action](current, edit)
        else:
            raise RecipeError(f"{name}: unknown action do = {action!r}")
    return files


def committed_files(case_dir: Path) -> dict[str, bytes]:
    """The broken files stored in a case directory, by path (case.toml aside)."""
    return {
        path.relative_to(case_dir).as_posix(): path.read_bytes()
        for path in sorted(case_dir.rglob("*"))
        if path.is_file() and path != case_dir / CASE_FILE
    }


def write_case(case_dir: Path, data_dir: Path = DATA) -> list[str]:
    """Replace the broken files of a case directory with what its recipe makes now."""
    files = build(read_case(case_dir), data_dir)
    for entry in case_dir.iterdir():
        if entry.name != CASE_FILE:
            _delete(entry)
    for name, content in files.items():
        target = case_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return sorted(files)


def overlay(case_dir: Path, data_dir: Path) -> None:
    """Break a copy of the data as the case does: delete what it removes, lay its files over."""
    for name in removed_files(read_case(case_dir)):
        _delete(data_dir / name)
    for entry in case_dir.iterdir():
        if entry.name == CASE_FILE:
            continue
        target = data_dir / entry.name
        _delete(target)
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copyfile(entry, target)


def _delete(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# --- the actions: each takes a file's bytes and its [[edit]] entry ---------------------


def _text(data: bytes) -> str:
    return data.decode("utf-8")


def _replace(data: bytes, edit: dict) -> bytes:
    text, old, new = _text(data), edit["old"], edit["new"]
    if text.count(old) != 1:
        raise RecipeError(f"{edit['file']}: {old[:60]!r} occurs {text.count(old)} times, not once")
    if "fill" in edit:
        new = new.replace("{fill}", repeat_to_length(edit["fill"], edit["fill_length"]))
    return text.replace(old, new).encode("utf-8")


def repeat_to_length(piece: str, length: int) -> str:
    """``piece`` repeated and cut to exactly ``length`` characters.

    >>> repeat_to_length("ab", 5)
    'ababa'
    """
    return (piece * (length // len(piece) + 1))[:length]


def _truncate_last_row(data: bytes, edit: dict) -> bytes:
    """Keep the start of the last row, as when a copy stops part way through the file."""
    head, _, last = _text(data).rstrip("\n").rpartition("\n")
    if edit["keep"] >= len(last):
        raise RecipeError(f"{edit['file']}: the last row has only {len(last)} characters")
    return f"{head}\n{last[: edit['keep']]}".encode()


def _crlf(data: bytes, edit: dict) -> bytes:
    if b"\r" in data:
        raise RecipeError(f"{edit['file']}: already has CR characters")
    return data.replace(b"\n", b"\r\n")


ACTIONS: dict[str, Callable[[bytes, dict], bytes]] = {
    "replace": _replace,
    "empty": lambda data, edit: b"",
    "append": lambda data, edit: data + edit["text"].encode("utf-8"),
    "truncate_last_row": _truncate_last_row,
    "crlf": _crlf,
    "prepend_bom": lambda data, edit: BOM + data,
    "encode": lambda data, edit: _text(data).encode(edit["encoding"]),
}


def main(names: list[str]) -> int:
    cases = case_dirs()
    unknown = set(names) - {case.name for case in cases}
    if unknown:
        print(f"no such case: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for case_dir in cases:
        if not names or case_dir.name in names:
            written = write_case(case_dir)
            print(f"{case_dir.name}: {', '.join(written) or '(no files: the case removes them)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
