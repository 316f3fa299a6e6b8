"""Students' own codings: kappa on worked examples, comparison, class mode, the coding widget."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

import decl46
from conftest import shipped_data_dir
from decl46 import DataError, cohen_kappa
from decl46.codings import coding_progress, empty_coding, resume_coding, set_code


def pairs_from_table(table):
    """Two raters' codes from a contingency table (rows: rater A, columns: rater B)."""
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


def test_kappa_on_fleiss_psychiatric_diagnoses():
    # Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions (3rd ed., 2003),
    # ch. 18: two raters, 100 patients, three diagnoses. p_o = 0.89, p_e = 0.66, kappa = 0.68.
    a, b = pairs_from_table([[75, 1, 4], [5, 4, 1], [0, 0, 10]])
    assert cohen_kappa(a, b, [0, 1, 2]) == pytest.approx((0.89 - 0.66) / (1 - 0.66))
    assert round(cohen_kappa(a, b, [0, 1, 2]), 2) == 0.68


def test_kappa_on_the_textbook_yes_no_example():
    # 50 items: both yes 20, both no 15, A yes/B no 5, A no/B yes 10 -> p_o 0.7, p_e 0.5, kappa 0.4.
    a, b = pairs_from_table([[20, 5], [10, 15]])
    assert cohen_kappa(a, b, [0, 1]) == pytest.approx(0.4)


def test_weighted_kappa_on_a_worked_ordered_example():
    # Table [[2,1,0],[0,2,1],[0,0,2]], n = 8; marginals A (3,3,2)/8, B (2,3,3)/8.
    # Unweighted: observed disagreement 2/8, expected 43/64      -> kappa 27/43.
    # Linear weights |i-j|/2: observed 1/8, expected 7/16         -> kappa 5/7.
    # Quadratic ((i-j)/2)^2: observed 1/16, expected 41/128      -> kappa 33/41.
    a, b = pairs_from_table([[2, 1, 0], [0, 2, 1], [0, 0, 2]])
    assert cohen_kappa(a, b, [0, 1, 2]) == pytest.approx(27 / 43)
    assert cohen_kappa(a, b, [0, 1, 2], weights="linear") == pytest.approx(5 / 7)
    assert cohen_kappa(a, b, [0, 1, 2], weights="quadratic") == pytest.approx(33 / 41)


def test_perfect_agreement_is_one_and_chance_agreement_is_zero():
    codes = ["agrees", "abstains", "disagrees", "agrees"]
    assert cohen_kappa(codes, codes, ["agrees", "disagrees", "abstains"]) == 1.0
    a, b = pairs_from_table([[25, 25], [25, 25]])
    assert cohen_kappa(a, b, [0, 1]) == pytest.approx(0.0)
    assert math.isnan(cohen_kappa(["x"] * 5, ["x"] * 5, ["x", "y"]))
    with pytest.raises(ValueError, match="weights"):
        cohen_kappa([0], [0], [0, 1], weights="cubic")


def test_compare_codings_per_part_overall_and_disagreements():
    reference = decl46.reference_coding()
    anna = decl46.read_coding(Path(str(decl46.example_class_folder())) / "anna.csv")
    result = decl46.compare_codings(reference, anna)
    assert list(result.summary.index) == [
        "economy",
        "party_regime",
        "causes",
        "proposal",
        "overall",
    ]
    assert result.summary.loc["overall", "items"] == 52
    # Anna reads 'in general' as a hedge and a call for measures as no word on the
    # conference, as the reference coding does (codebook, rules 4 and 8); she differs where
    # the kit reads Beloborodov's 'cannot fully be resolved' as his reason, not a verdict on
    # the regime, and Goltsman's 'exclusively' as a reservation.
    assert result.summary.loc["overall", "percent_agreement"] == pytest.approx(
        100 * 48 / 52, abs=0.05
    )
    assert set(zip(result.disagreements.block_id, result.disagreements.part, strict=True)) == {
        ("b02", "party_regime"),
        ("b05", "economy"),
        ("b05", "party_regime"),
        ("b05", "causes"),
    }
    assert result.disagreements.evidence.str.contains("exclusively").sum() == 2


def test_a_partial_coding_is_compared_on_what_it_covers():
    dara = decl46.read_coding(Path(str(decl46.example_class_folder())) / "dara.csv")
    result = decl46.compare_codings(decl46.reference_coding(), dara)
    assert result.summary.loc["overall", "items"] == 8 * 4


def write_coding(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_codings_are_rejected_with_file_line_and_column(tmp_path):
    bad_stance = write_coding(
        tmp_path / "a.csv", "block_id,part,stance,justification\nb01,economy,agree,\n"
    )
    with pytest.raises(DataError) as caught:
        decl46.read_coding(bad_stance)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(bad_stance), 2, "stance")
    twice = write_coding(
        tmp_path / "b.csv",
        "block_id,part,stance,justification\nb01,economy,agrees,\nb01,economy,abstains,\n",
    )
    with pytest.raises(DataError, match=r"line 3.*duplicate key 'b01, economy'"):
        decl46.read_coding(twice)
    no_block = write_coding(
        tmp_path / "c.csv", "block_id,part,stance,justification\nb14,economy,agrees,\n"
    )
    with pytest.raises(
        DataError, match=r"'b14' does not exist in blocks\.csv \(block_id\); it has b01 to b13"
    ):
        decl46.read_coding(no_block)
    missing = write_coding(tmp_path / "d.csv", "block_id,part\nb01,economy\n")
    with pytest.raises(DataError, match="'stance': the column is missing"):
        decl46.read_coding(missing)


def test_class_mode_reads_a_folder_and_reports_bad_files_without_losing_the_others(tmp_path):
    folder = tmp_path / "class"
    shutil.copytree(Path(str(decl46.example_class_folder())), folder)
    write_coding(folder / "erik.csv", "block_id,part,stance\nb01,economy,maybe\n")
    class_ = decl46.read_class_codings(folder)
    assert sorted(class_.codings) == ["anna", "boris", "chen", "dara"]
    (error,) = class_.errors
    assert "erik.csv, line 2, column 'stance'" in str(error)
    matrix = decl46.pairwise_kappa(class_.codings)
    assert (matrix.to_numpy().diagonal() == 1).all()
    assert matrix.equals(matrix.T)
    for x, y in [("anna", "boris"), ("chen", "dara"), ("boris", "dara")]:
        pair = decl46.compare_codings(class_.codings[x], class_.codings[y])
        assert matrix.loc[x, y] == pair.summary.loc["overall", "kappa"] < 1
    contested = decl46.contested_items(class_.codings)
    assert contested.majority_share.is_monotonic_increasing
    top = contested.iloc[0]
    assert top.stances_used >= 2 and top.majority_share < 1


def test_saving_refuses_the_kits_data_folder(tmp_path):
    data = shipped_data_dir()
    with pytest.raises(ValueError, match="inside the kit's data folder"):
        decl46.save_coding(decl46.reference_coding(), data / "mine.csv")
    saved = decl46.save_coding(decl46.reference_coding(), tmp_path / "mine.csv")
    assert (
        decl46.compare_codings(decl46.read_coding(saved), decl46.reference_coding()).summary.loc[
            "overall", "kappa"
        ]
        == 1.0
    )


def test_set_code_progress_and_resume(tmp_path):
    coding = empty_coding()
    coding = set_code(coding, "b02", "proposal", "agrees", "final conclusion")
    assert coding_progress(coding) == (1, 52)
    with pytest.raises(ValueError, match=r"no block 'b99' with part 'proposal'.*blocks: b01, b02"):
        set_code(coding, "b99", "proposal", "agrees")
    path = decl46.save_coding(coding.dropna(subset=["stance"]), tmp_path / "me.csv")
    resumed = resume_coding(path).coding
    row = resumed[(resumed.block_id == "b02") & (resumed.part == "proposal")].iloc[0]
    assert (row.stance, row.justification) == ("agrees", "final conclusion")
    assert coding_progress(resumed) == (1, 52)


def descendants(widget) -> list:
    out, todo = [], list(widget.children)
    while todo:
        child = todo.pop()
        out.append(child)
        todo += list(getattr(child, "children", []))
    return out


def test_coding_widget_codes_all_blocks_saves_and_resumes(tmp_path):
    from decl46.widgets import CodingWidget

    path = tmp_path / "my_coding.csv"
    widget = CodingWidget(path=path)
    reference = decl46.reference_coding().set_index(["block_id", "part"])
    for _ in range(13):
        for part, dropdown in widget.stances.items():
            dropdown.value = str(reference.loc[(widget.block.value, part), "stance"])
        widget.next.click()
    assert "52 of 52 coded" in widget.status.value
    saved = decl46.read_coding(path)
    assert (
        decl46.compare_codings(saved, decl46.reference_coding()).summary.loc["overall", "kappa"]
        == 1.0
    )
    again = CodingWidget(path=path)
    again.block.value = "b11"
    assert again.stances["economy"].value == "abstains"
    assert "52 of 52" in again.status.value
    # Resumed where the student stopped: all coded, so on the last block.
    assert CodingWidget(path=path).block.value == "b13"
    again.student.value = "Анна K."
    again.export.click()
    handed_in = tmp_path / "class_codings" / "аннаk.csv"
    assert handed_in.is_file() and "Handed in: 52 of 52" in again.handed_in.value
    assert "class_codings" in again.handed_in.value
    assert len(decl46.read_coding(handed_in)) == 52
    # The hand-in controls are on screen, not only in Python.
    assert again.student in descendants(again) and again.export in descendants(again)
    assert list(decl46.read_class_codings(tmp_path / "class_codings").codings) == ["аннаk"]
    assert pd.isna(empty_coding().stance).all()


def test_the_justification_column_may_be_left_out(tmp_path):
    short = decl46.read_coding(
        write_coding(tmp_path / "short.csv", "part,stance,block_id\neconomy,agrees,b01\n")
    )
    assert list(short.columns) == ["block_id", "part", "stance", "justification"]
    assert (short.block_id[0], short.stance[0]) == ("b01", "agrees")
    assert short.justification.isna().all()
    assert str(short.justification.dtype) == str(decl46.reference_coding().justification.dtype)
    # A column that is there must still be spelled right.
    typo = write_coding(
        tmp_path / "typo.csv", "block_id,part,stance,justifcation\nb01,economy,agrees,x\n"
    )
    with pytest.raises(DataError, match="did you mean 'justification'"):
        decl46.read_coding(typo)
