"""A teacher's edited copy of the data works everywhere, and what the kit shows follows it.

The copy renames and reorders the signature blocks, adds a block, relabels a part of the
declaration and removes a person with their signatures. Every public function, plot and
widget runs on it, and their labels come from the copy, not from the shipped data.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import decl46
from decl46 import widgets

RELABELLED = "Wirtschaftskrise"
REMOVED = "preobrazhensky"
OTHER_POST = "A post written only in the edited copy."
NEW_BLOCK_STATEMENT = "I sign, though I doubt that a conference will change anything."


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def drop_item(cell: str, item: str) -> str:
    return ";".join(x for x in cell.split(";") if x and x != item)


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    """The shipped data with blocks renamed b51, b52, ... (the first moved to the end), a new
    block, the economy part relabelled, and one person removed with what refers to them."""
    import shutil

    from conftest import shipped_data_dir

    copy = tmp_path_factory.mktemp("edited") / "data"
    shutil.copytree(shipped_data_dir(), copy)

    blocks = read(copy / "blocks.csv")
    blocks = blocks[1:] + blocks[:1]  # the first block now stands last
    renamed = {b["block_id"]: f"b{51 + i}" for i, b in enumerate(blocks)}
    for i, b in enumerate(blocks, start=1):
        b["block_id"], b["order"] = renamed[b["block_id"]], str(i)
        if b["refers_to_block"]:
            b["refers_to_block"] = renamed[b["refers_to_block"]]
    new_block = f"b{51 + len(blocks)}"
    blocks.append(
        {
            "block_id": new_block,
            "order": str(len(blocks) + 1),
            "statement": NEW_BLOCK_STATEMENT,
            "refers_to_block": "",
            "statement_scope": "single",
        }
    )
    write(copy / "blocks.csv", blocks)

    signatures = [s for s in read(copy / "signatures.csv") if s["person_id"] != REMOVED]
    for s in signatures:
        s["block_id"] = renamed[s["block_id"]]
    signatures.append(
        {
            "order": "",
            "person_id": "sapronov",
            "block_id": new_block,
            "signed_date": "",
            "line_as_printed": "T. Sapronov",
        }
    )
    for i, s in enumerate(signatures, start=1):
        s["order"] = str(i)
    write(copy / "signatures.csv", signatures)

    stances = read(copy / "stances.csv")
    for s in stances:
        s["block_id"] = renamed[s["block_id"]]
    parts = list(dict.fromkeys(s["part"] for s in stances))
    stances += [
        {
            "block_id": new_block,
            "part": part,
            "stance": "agrees_with_reservations" if part == parts[-1] else "not_stated",
            "evidence": "I doubt that a conference will change anything"
            if part == parts[-1]
            else "",
            "coding_note": "",
        }
        for part in parts
    ]
    write(copy / "stances.csv", stances)

    write(
        copy / "signatories.csv",
        [p for p in read(copy / "signatories.csv") if p["person_id"] != REMOVED],
    )
    events = read(copy / "events.csv")
    for e in events:
        e["person_ids"] = drop_item(e["person_ids"], REMOVED)
    write(copy / "events.csv", events)
    notes = read(copy / "annotations.csv")
    for n in notes:
        n["links"] = drop_item(n["links"], f"person:{REMOVED}")
    write(copy / "annotations.csv", [n for n in notes if n["kind"] != "person" or n["links"]])

    # The person removed from the signers is, in this copy, someone who did not sign; Lenin
    # is no longer mentioned.
    others = [o for o in read(copy / "others.csv") if o["person_id"] != "lenin"]
    others.append(
        {
            "person_id": REMOVED,
            "name": "Evgeni Preobrazhensky",
            "name_ru": "",
            "other_names": "",
            "post_1923": OTHER_POST,
            "part_in_story": "In this copy of the data he did not sign.",
            "source_ids": "wp_en_declaration_46",
        }
    )
    write(copy / "others.csv", others)

    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    (paragraphs,) = [r for r in descriptor["resources"] if r["name"] == "paragraphs"]
    (part,) = [f for f in paragraphs["schema"]["fields"] if f["name"] == "part"]
    part["categories"][0]["label"] = RELABELLED
    (copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    decl46.validate(copy)
    return copy


def tick_texts(axis) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels()]


def test_the_tables_follow_the_copy(edited):
    blocks = decl46.load_blocks(data_dir=edited)
    assert blocks["block_id"].tolist()[0] == "b51" and len(blocks) == 14
    assert REMOVED not in set(decl46.load_signatories(data_dir=edited)["person_id"])
    overview = decl46.signature_overview(data_dir=edited)
    assert len(overview) == 47  # one line removed, one added
    counts = decl46.stance_counts(data_dir=edited)
    assert counts.sum(axis=1).tolist() == [47] * 4
    labels = decl46.block_labels(data_dir=edited)
    assert labels["b64"] == "14. Sapronov"
    assert labels.index.tolist() == sorted(labels.index)
    assert decl46.vocabulary("stances", "part", data_dir=edited).loc["economy", "label"] == (
        RELABELLED
    )
    assert (
        decl46.signers_with("proposal", "agrees_with_reservations", data_dir=edited)["block_id"]
        .str.fullmatch(r"b\d\d")
        .all()
    )
    assert "b64" in set(decl46.signers_with("economy", "not_stated", data_dir=edited)["block_id"])
    with pytest.raises(decl46.PersonNotFound):
        decl46.find_person("Preobrazhensky", data_dir=edited)
    assert decl46.find_person("Sapronov", data_dir=edited)["person_id"] == "sapronov"
    assert int(decl46.fates_summary(data_dir=edited)["count"].sum()) == 45
    assert len(decl46.events_between(None, None, data_dir=edited)) > 0
    assert not (decl46.timeline_events(data_dir=edited)["person_ids"] == REMOVED).any()
    assert "b64" in set(decl46.reference_coding(data_dir=edited)["block_id"])
    same = decl46.compare_codings(
        decl46.reference_coding(data_dir=edited),
        decl46.reference_coding(data_dir=edited),
        data_dir=edited,
    )
    assert float(same.summary.loc["overall", "kappa"]) == 1.0
    assert f"economy ({RELABELLED})" in decl46.describe("paragraphs", data_dir=edited)


def test_the_texts_follow_the_copy(edited):
    html = decl46.render_reading(data_dir=edited)
    assert "<script" not in html
    collection = decl46.annotations_jsonld(data_dir=edited)
    assert collection["total"] == len(decl46.load_annotations(data_dir=edited))


def test_the_timelinejs_export_follows_the_copy(edited):
    tl = decl46.timeline_json(data_dir=edited)
    events = decl46.timeline_events(data_dir=edited)
    assert [s["unique_id"] for s in tl["events"]] == events["event_id"].tolist()
    assert f"death_{REMOVED}" not in {s["unique_id"] for s in tl["events"]}
    labels = decl46.tables.timeline_categories(data_dir=edited)
    assert {s["group"] for s in tl["events"]} <= {v.replace("&", "&amp;") for v in labels.values()}


def test_student_annotations_are_checked_against_the_copy(edited):
    class_ = decl46.read_student_annotations(decl46.example_annotations_folder(), data_dir=edited)
    shipped = decl46.read_student_annotations(decl46.example_annotations_folder())
    assert class_.students == shipped.students  # the copy's text is the same
    comparison = decl46.compare_annotations(class_, data_dir=edited)
    kit = decl46.load_annotations(data_dir=edited)
    assert int(comparison.summary["kit_notes"].sum()) == len(kit)  # the copy's own notes
    assert len(comparison.kit_only) < len(kit)


def test_the_figures_follow_the_copy(edited):
    matrix = decl46.plot_stance_matrix(data_dir=edited)
    assert tick_texts(matrix.yaxis)[0].startswith("1. ") and len(tick_texts(matrix.yaxis)) == 14
    assert tick_texts(matrix.yaxis)[-1] == "14. Sapronov"
    assert RELABELLED in tick_texts(matrix.xaxis)
    # The blocks that refer to another say which, by its number in the copy.
    refers = [t for t in tick_texts(matrix.yaxis) if ", as block " in t]
    assert refers and all(t.endswith(", as block 5") for t in refers)
    summary = decl46.plot_agreement_summary(data_dir=edited)
    assert RELABELLED in [t.get_text() for t in summary.texts]
    assert summary.get_xlabel().startswith("Signature lines (47: ")
    assert "T. Sapronov signed twice" in summary.get_xlabel()
    lifelines = decl46.plot_lifelines(parts=1, data_dir=edited)
    assert len(tick_texts(lifelines.yaxis)) == 45
    assert "What became of the 45 signers" in lifelines.get_title()
    timeline = decl46.plot_timeline(data_dir=edited)
    assert timeline.get_title().startswith("Timeline of the opposition")
    plt.close("all")


def test_the_widgets_follow_the_copy(edited, tmp_path):
    signatory = widgets.SignatoryExplorer(data_dir=edited)
    assert "E. Preobrazhensky" not in signatory.name.options
    signatory.look_up("Sapronov")
    assert "<b>Block 14</b>" in signatory.card.value  # the block added to the copy
    agreement = widgets.AgreementExplorer(data_dir=edited)
    assert (RELABELLED, "economy") in agreement.part.options
    agreement.part.value = "economy"
    agreement.stance.value = "not_stated"
    assert f"{RELABELLED} — says nothing" in agreement.listing.value
    signatory.look_up("Preobrazhensky")  # a signer no more: an answer from others.csv
    assert "Not among the signers" in signatory.card.value
    assert OTHER_POST in signatory.card.value
    signatory.look_up("Lenin")
    assert "no signatory is called" in signatory.card.value
    timeline = widgets.TimelineExplorer(data_dir=edited)
    assert timeline.chart.png.startswith(b"\x89PNG")
    first, last = decl46.tables.period(data_dir=edited)
    assert timeline.start.options[0][0].startswith(f"{first} Q1")
    assert timeline.end.options[-1][0].startswith(f"{last} Q4")
    reader = widgets.Reader(data_dir=edited)
    assert "decl46-reading" in reader.page.value
    coding = widgets.CodingWidget(tmp_path / "me.csv", data_dir=edited)
    assert coding.block.options[0] == "b51" and "b64" in coding.block.options
    assert any(box.description.startswith(RELABELLED) for box in coding.stances.values())
    coding.block.value = "b64"
    coding.stances["proposal"].value = "agrees_with_reservations"
    coding.student.value = "Dara"
    coding.export.click()
    handed_in = decl46.read_class_codings(tmp_path / "class_codings", data_dir=edited)
    assert handed_in.errors == [] and "b64" in set(handed_in.codings["dara"]["block_id"])
    tabs = widgets.dashboard(data_dir=edited)
    assert len(tabs.children) == 4
