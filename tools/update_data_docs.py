"""Rewrite what is generated from data/: the table section of data/README.md (from
datapackage.json, via decl46.describe) and the glossary page docs/glossary.md (from
glossary.csv and sources.csv)."""

from pathlib import Path

import decl46
from decl46.glossary import glossary_markdown

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- tables:start -->", "<!-- tables:end -->"
readme = ROOT / "data" / "README.md"
text = readme.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
_, tail = rest.split(END, 1)
readme.write_text(f"{head}{START}\n{decl46.describe()}\n{END}{tail}", encoding="utf-8")
print(f"updated {readme}")
page = ROOT / "docs" / "glossary.md"
page.write_text(glossary_markdown() + "\n", encoding="utf-8")
print(f"updated {page}")
