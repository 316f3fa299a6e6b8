"""The data says what the document says: the text, the blocks and the signature lines."""

from __future__ import annotations

import re

import pandas as pd

import decl46
from conftest import SEED

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
TEXT_START = SEED_LINES.index('"Declaration of the 46" to the Politburo of the CC RCP(b)')
SIGNATURES_START = next(i for i, line in enumerate(SEED_LINES) if line.startswith("- "))
SIGNATURES_END = SEED_LINES.index("==Sources==")


def seed_paragraphs() -> list[str]:
    """The seed's text section: blank lines end paragraphs; other line breaks are repairs."""
    paragraphs, current = [], []
    for line in SEED_LINES[TEXT_START:SIGNATURES_START]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def test_full_text_in_order_matches_the_seed():
    paragraphs = decl46.load_paragraphs().sort_values("order")
    assert list(paragraphs.text) == seed_paragraphs()


def test_every_word_of_the_seed_is_kept():
    seed_words = " ".join(SEED_LINES[TEXT_START:SIGNATURES_START]).split()
    kit_words = " ".join(decl46.load_paragraphs().text).split()
    assert kit_words == seed_words


def test_broken_lines_inside_sentences_are_repaired():
    text = decl46.load_paragraphs().text
    assert not text.str.contains("\n").any()
    joined = " ".join(text)
    for phrase in [
        "consider their interlocutor",
        "the majority of the CC.",
        "the formation of illegal",
    ]:
        assert phrase in joined


def test_heading_lines_then_the_four_parts_in_order():
    paragraphs = decl46.load_paragraphs()
    assert list(paragraphs.section[:4]) == ["title", "date", "classification", "addressee"]
    assert paragraphs.part[:4].isna().all()
    body_parts = paragraphs.part[4:].astype(str).tolist()
    assert body_parts == sorted(
        body_parts, key=["economy", "party_regime", "causes", "proposal"].index
    )
    assert paragraphs.part[4:].is_monotonic_increasing


def seed_signature_blocks() -> list[tuple[str | None, list[str]]]:
    blocks, statement, names = [], None, []
    for line in SEED_LINES[SIGNATURES_START:SIGNATURES_END]:
        if line.startswith("- "):
            names.append(line[2:])
        elif line.strip():
            blocks.append((statement, names))
            statement, names = line, []
    blocks.append((statement, names))
    return blocks


def test_blocks_and_statements_are_verbatim_and_in_order():
    blocks = decl46.load_blocks()
    expected = seed_signature_blocks()
    assert len(blocks) == len(expected) == 13
    for (_, block), (statement, _) in zip(blocks.iterrows(), expected, strict=True):
        if statement is None:
            assert pd.isna(block.statement)
        else:
            assert block.statement == statement


def test_signature_lines_are_verbatim_in_order_and_in_their_blocks():
    signatures = decl46.load_signatures()
    expected = [
        (f"b{i:02d}", name)
        for i, (_, names) in enumerate(seed_signature_blocks(), 1)
        for name in names
    ]
    assert list(zip(signatures.block_id, signatures.line_as_printed, strict=True)) == expected


def test_dated_signatures_carry_the_date_written_beside_them():
    signatures = decl46.load_signatures()
    for line, date in zip(signatures.line_as_printed, signatures.signed_date, strict=True):
        written = re.search(r"(\d+) October 1923", line)
        if written:
            assert date == pd.Timestamp(1923, 10, int(written.group(1)))
        else:
            assert pd.isna(date)


# The "done when" questions of the foundation issue, each one line on the public API.


def test_46_people_47_lines_13_blocks():
    assert len(decl46.load_signatories()) == 46
    assert len(decl46.load_signatures()) == 47
    assert len(decl46.load_blocks()) == 13
    assert decl46.load_signatures().person_id.nunique() == 46


def test_goltsman_signs_twice_as_one_person():
    signatures = decl46.load_signatures()
    goltsman = signatures[signatures.person_id == "goltsman"]
    assert list(goltsman.block_id) == ["b04", "b05"]
    assert (signatures.person_id.value_counts() == 1).sum() == 45


def test_the_four_dated_signatures():
    dated = decl46.load_signatures().dropna(subset=["signed_date"])
    assert dict(zip(dated.person_id, dated.signed_date.dt.strftime("%Y-%m-%d"), strict=True)) == {
        "beloborodov": "1923-10-11",
        "goltsman": "1923-10-12",
        "maksimovsky": "1923-10-11",
        "bubnov": "1923-10-11",
    }


def test_the_two_blocks_that_refer_to_bubnovs():
    blocks = decl46.load_blocks()
    bubnov_block = decl46.load_signatures().set_index("person_id").loc["bubnov", "block_id"]
    referring = blocks[blocks.refers_to_block == bubnov_block]
    assert list(referring.block_id) == ["b09", "b10"]
    assert referring.statement.str.contains("Bubnov").all()


def test_no_block_opposes_the_proposal_and_every_one_that_speaks_of_it_backs_it():
    stances = decl46.load_stances()
    on_proposal = stances[stances.part == "proposal"]
    assert len(on_proposal) == 13
    # b12 and b13 call for "measures" without naming the conference (codebook, rule 8)
    spoken = on_proposal[on_proposal.stance != "not_stated"]
    assert len(spoken) == 11
    assert spoken.stance.isin(["agrees", "agrees_with_reservations"]).all()
    # ... while many differ on the diagnosis
    diagnosis = stances[stances.part != "proposal"]
    assert diagnosis.groupby("block_id").stance.apply(lambda s: (s != "agrees").any()).sum() >= 8


def test_referring_blocks_are_coded_like_bubnovs():
    stances = decl46.load_stances().set_index(["block_id", "part"]).stance
    for block in ["b09", "b10"]:
        assert stances[block].tolist() == stances["b06"].tolist()


def test_evidence_is_quoted_from_the_blocks_own_statement():
    stances = decl46.load_stances().merge(decl46.load_blocks(), on="block_id")
    quoted = stances.dropna(subset=["evidence"])
    assert len(quoted) >= 40
    assert all(e in s for e, s in zip(quoted.evidence, quoted.statement, strict=True))
