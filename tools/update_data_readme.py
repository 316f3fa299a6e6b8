"""Rewrite the table section of data/README.md from datapackage.json (via decl46.describe)."""

from pathlib import Path

import decl46

START, END = "<!-- tables:start -->", "<!-- tables:end -->"
readme = Path(__file__).resolve().parent.parent / "data" / "README.md"
text = readme.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
_, tail = rest.split(END, 1)
readme.write_text(f"{head}{START}\n{decl46.describe()}\n{END}{tail}", encoding="utf-8")
print(f"updated {readme}")
