"""The codebook of data/README.md and the data agree: the two readings of whom a statement
covers are declared once in datapackage.json, and the figures the codebook gives for each
are the ones the coded stances yield."""

from __future__ import annotations

import json
import re

import pandas as pd

import decl46
from conftest import shipped_data_dir

DESCRIPTOR = json.loads((shipped_data_dir() / "datapackage.json").read_text(encoding="utf-8"))
README = (shipped_data_dir() / "README.md").read_text(encoding="utf-8")


def readings() -> dict:
    return DESCRIPTOR["decl46:statementReadings"]


def test_both_readings_are_declared_once_with_a_default_and_plain_labels():
    declared = readings()
    assert set(declared) == {"default", "readings"}
    values = [r["value"] for r in declared["readings"]]
    assert values == ["first_signer", "every_signer"]
    assert declared["default"] in values
    for reading in declared["readings"]:
        assert set(reading) == {"value", "label", "decl46:description"}
        assert reading["label"] and not reading["label"].isidentifier(), reading["value"]
        assert len(reading["decl46:description"]) > 80, reading["value"]


def lines_with_stances(reading: str) -> pd.DataFrame:
    """Each signature line with the stance it takes on each part, under a reading: under
    first_signer the other names of an 'unclear' block agree with every part (rule 10)."""
    signatures = decl46.load_signatures()
    blocks = decl46.load_blocks().set_index("block_id")
    stances = decl46.load_stances()
    first = signatures.groupby("block_id", observed=True)["order"].transform("min")
    unclear = signatures.block_id.map(blocks.statement_scope).astype(str) == "unclear"
    merged = signatures.assign(follows_block=(signatures.order == first) | ~unclear).merge(
        stances, on="block_id"
    )
    if reading == "first_signer":
        merged.loc[~merged.follows_block, "stance"] = "agrees"
    return merged


def test_the_readings_differ_only_in_the_unclear_blocks():
    first = lines_with_stances("first_signer").set_index(["order", "part"]).stance
    every = lines_with_stances("every_signer").set_index(["order", "part"]).stance
    differ = first.astype(str) != every.astype(str)
    orders = set(differ[differ].index.get_level_values("order"))
    signatures = decl46.load_signatures().set_index("order")
    blocks = decl46.load_blocks().set_index("block_id")
    in_blocks = {signatures.loc[o, "block_id"] for o in orders}
    assert in_blocks <= set(blocks.index[blocks.statement_scope == "unclear"])
    assert orders  # the choice matters


def test_the_codebook_gives_the_figures_both_readings_yield():
    text = " ".join(README.split())
    for reading in ("first_signer", "every_signer"):
        lines = lines_with_stances(reading)
        whole = lines.groupby("order").stance.apply(lambda s: (s == "agrees").all()).sum()
        sentence = re.search(
            r"(\d+) of the 47 signature lines agree with every part of the letter under "
            r"`first_signer`, and (\d+) under `every_signer`",
            text,
        )
        assert sentence, "the codebook no longer states the figures of both readings"
        stated = int(sentence.group(1 if reading == "first_signer" else 2))
        assert stated == whole, (reading, stated, whole)


def test_the_second_document_names_its_translator_year_and_licence():
    (letter,) = [r for r in DESCRIPTOR["resources"] if r["name"] == "trotsky_letter"]
    assert "Max Eastman" in letter["description"] and "1925" in letter["description"]
    assert "public domain in the united states" in letter["licenses"][0]["title"].lower()
    assert letter["sources"][0]["path"].startswith("https://www.marxists.org/")
    # every passage is set beside at least one paragraph of the declaration
    paragraphs = set(decl46.load_paragraphs().paragraph_id)
    rows = (shipped_data_dir() / "trotsky_letter.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) >= 3
    for row in rows[1:]:
        compare_with = row.rsplit(",", 1)[1].split(";")
        assert compare_with and set(compare_with) <= paragraphs, row[:40]
