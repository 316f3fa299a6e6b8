"""Bad data raises DataError naming the file, the line, the column and what is wrong.

Each test breaks a private copy of the shipped data in one way, as a teacher editing the
CSV files might, and checks the message a person would read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import decl46
from conftest import edit_cell, line_of, replace_in
from decl46 import DataError


def problems_of(data_dir: Path) -> list[decl46.Problem]:
    with pytest.raises(DataError) as caught:
        decl46.validate(data_dir)
    return list(caught.value.problems)


def only_problem(data_dir: Path) -> decl46.Problem:
    problems = problems_of(data_dir)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_the_shipped_data_is_valid_and_so_is_an_untouched_copy(data_copy):
    decl46.validate()
    decl46.validate(data_copy)
    assert decl46.load_blocks(data_dir=data_copy).equals(decl46.load_blocks())


def test_missing_file(data_copy):
    (data_copy / "blocks.csv").unlink()
    problems = problems_of(data_copy)
    assert str(problems[0]).startswith(str(data_copy / "blocks.csv"))
    assert "is missing" in problems[0].message


def test_directory_where_a_file_should_be(data_copy):
    (data_copy / "sources.csv").unlink()
    (data_copy / "sources.csv").mkdir()
    problem = problems_of(data_copy)[0]
    assert problem.file.endswith("sources.csv")
    assert "is a directory, not a file" in problem.message


def test_data_dir_that_does_not_exist(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        decl46.load_paragraphs(data_dir=tmp_path / "nowhere")


def test_missing_descriptor(data_copy):
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match=r"datapackage\.json: the package descriptor is missing"):
        decl46.load_paragraphs(data_dir=data_copy)


def test_missing_column(data_copy):
    path = data_copy / "blocks.csv"
    replace_in(
        path,
        "block_id,order,statement,refers_to_block,statement_scope",
        "block_id,order,statement,refers_to_block",
    )
    problem = problems_of(data_copy)[0]
    assert (problem.file, problem.line, problem.column) == (str(path), 1, "statement_scope")
    assert "missing from the header" in problem.message


def test_header_with_different_case_gets_a_hint(data_copy):
    path = data_copy / "sources.csv"
    replace_in(path, "source_id,citation,url", "source_id,Citation,url")
    problems = problems_of(data_copy)
    assert any(p.column == "Citation" and "did you mean 'citation'" in p.message for p in problems)


def test_value_outside_its_vocabulary(data_copy):
    path = data_copy / "stances.csv"
    replace_in(path, "b08,proposal,agrees,", "b08,proposal,agree,")
    problem = only_problem(data_copy)
    assert (problem.file, problem.line, problem.column) == (
        str(path),
        line_of(path, "b08,proposal"),
        "stance",
    )
    assert "'agree' is not an allowed value" in problem.message
    assert "agrees_with_reservations" in problem.message


def test_duplicate_key(data_copy):
    path = data_copy / "sources.csv"
    lines_before = len(path.read_text(encoding="utf-8").splitlines())
    with path.open("a", encoding="utf-8") as f:
        f.write("carr_1954,Another citation,\n")
    problem = only_problem(data_copy)
    assert problem.file == str(path)
    assert problem.line == lines_before + 1
    assert problem.column == "source_id"
    first = line_of(path, "carr_1954,")
    assert f"duplicate key 'carr_1954': line {first} has it already" in problem.message


def test_broken_foreign_key(data_copy):
    path = data_copy / "signatures.csv"
    replace_in(path, "33,eltsin,b08", "33,yeltsin,b08")
    problems = problems_of(data_copy)
    fk = [p for p in problems if p.column == "person_id" and p.file == str(path)]
    assert fk and fk[0].line == line_of(path, "33,yeltsin")
    assert "'yeltsin' does not exist in signatories.csv" in fk[0].message


def test_broken_source_reference_in_a_list(data_copy):
    path = data_copy / "signatories.csv"
    text = path.read_text(encoding="utf-8").replace(
        ",wp_en_declaration_46;", ",wp_en_declaration_46;no_such_source;", 1
    )
    path.write_text(text, encoding="utf-8")
    problem = only_problem(data_copy)
    assert (problem.line, problem.column) == (2, "source_ids")
    assert "'no_such_source' does not exist in sources.csv" in problem.message


def test_bad_date(data_copy):
    path = data_copy / "signatures.csv"
    replace_in(path, "1923-10-12", "12.10.1923")
    problem = only_problem(data_copy)
    assert (problem.line, problem.column) == (line_of(path, "12.10.1923"), "signed_date")
    assert "not a date of the form YYYY-MM-DD" in problem.message


def test_impossible_date(data_copy):
    path = data_copy / "signatures.csv"
    replace_in(path, "1923-10-12", "1923-02-30")
    assert "not a date" in only_problem(data_copy).message


def test_not_a_whole_number(data_copy):
    path = data_copy / "blocks.csv"
    replace_in(path, "b05,5,", "b05,five,")
    problem = only_problem(data_copy)
    assert (problem.line, problem.column) == (6, "order")
    assert "'five' is not a whole number" in problem.message


def test_file_that_is_not_utf8(data_copy):
    path = data_copy / "paragraphs.csv"
    text = path.read_text(encoding="utf-8").replace("Top Secret", "Top Secret – sekretno")
    path.write_bytes(text.encode("cp1252"))
    problem = only_problem(data_copy)
    assert (problem.file, problem.line) == (str(path), 4)
    assert "not UTF-8" in problem.message


def test_empty_file(data_copy):
    (data_copy / "stances.csv").write_text("", encoding="utf-8")
    problem = problems_of(data_copy)[0]
    assert problem.file.endswith("stances.csv")
    assert "the file is empty" in problem.message


def test_truncated_row(data_copy):
    path = data_copy / "blocks.csv"
    replace_in(
        path,
        "I am in complete agreement with the practical proposals.,,single",
        "I am in complete agreement",
    )
    problem = problems_of(data_copy)[0]
    assert (problem.line, problem.column) == (9, None)
    assert "has 3 fields but the header has 5" in problem.message


def test_required_value_missing(data_copy):
    path = data_copy / "signatures.csv"
    replace_in(path, "33,eltsin,b08,,B. Eltsin", "33,eltsin,b08,,")
    problem = only_problem(data_copy)
    assert (problem.line, problem.column) == (34, "line_as_printed")
    assert "required" in problem.message


def test_block_referring_to_itself(data_copy):
    replace_in(
        data_copy / "blocks.csv",
        "b09,9,I sign with the same reservations as comrade Bubnov.,b06",
        "b09,9,I sign with the same reservations as comrade Bubnov.,b09",
    )
    problems = problems_of(data_copy)
    assert any(
        p.line == 10 and p.column == "refers_to_block" and "itself" in p.message for p in problems
    )


def test_evidence_must_be_quoted_exactly(data_copy):
    path = data_copy / "stances.csv"
    replace_in(
        path,
        "b08,proposal,agrees,I am in complete agreement",
        "b08,proposal,agrees,I am in full agreement",
    )
    problem = only_problem(data_copy)
    assert problem.column == "evidence"
    assert "not quoted exactly from block b08's statement" in problem.message


def test_referring_block_must_follow_the_block_it_refers_to(data_copy):
    path = data_copy / "stances.csv"
    replace_in(path, "b09,economy,agrees_with_reservations", "b09,economy,disagrees")
    problem = only_problem(data_copy)
    assert (problem.line, problem.column) == (line_of(path, "b09,economy"), "stance")
    assert "must be 'agrees_with_reservations'" in problem.message


def test_every_problem_is_reported_at_once(data_copy):
    replace_in(data_copy / "stances.csv", "b08,proposal,agrees,", "b08,proposal,agree,")
    replace_in(data_copy / "signatures.csv", "1923-10-12", "12.10.1923")
    (data_copy / "sources.csv").unlink()
    problems = problems_of(data_copy)
    files = {Path(p.file).name for p in problems}
    assert {"stances.csv", "signatures.csv", "sources.csv"} <= files


def test_loaders_return_nothing_when_any_table_is_broken(data_copy):
    replace_in(data_copy / "stances.csv", "b08,proposal,agrees,", "b08,proposal,agree,")
    with pytest.raises(DataError):
        decl46.load_paragraphs(data_dir=data_copy)


def test_bom_and_crlf_load(data_copy):
    for path in data_copy.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    for name in [
        "paragraphs",
        "blocks",
        "signatures",
        "signatories",
        "stances",
        "events",
        "sources",
    ]:
        loaded = getattr(decl46, f"load_{name}")(data_dir=data_copy)
        pd.testing.assert_frame_equal(loaded, getattr(decl46, f"load_{name}")())


def test_trailing_blank_lines_load(data_copy):
    with (data_copy / "sources.csv").open("a", encoding="utf-8") as f:
        f.write("\n\n\n")
    assert len(decl46.load_sources(data_dir=data_copy)) == len(decl46.load_sources())


def test_an_edited_copy_is_read_again_after_a_change(data_copy):
    before = decl46.load_sources(data_dir=data_copy)
    replace_in(data_copy / "sources.csv", "Wikipedia, the free encyclopedia", "Wikipedia")
    after = decl46.load_sources(data_dir=data_copy)
    assert before.citation[0] != after.citation[0]


def test_a_teachers_copy_elsewhere_loads(tmp_path, data_copy):
    moved = shutil.move(data_copy, tmp_path / "my class data")
    assert len(decl46.load_signatories(data_dir=str(moved))) == 46


def test_decl46_data_points_every_loader_at_a_copy(data_copy, monkeypatch):
    replace_in(data_copy / "sources.csv", "Wikipedia, the free encyclopedia", "Wikipedia (a copy)")
    monkeypatch.setenv("DECL46_DATA", str(data_copy))
    assert "(a copy)" in decl46.load_sources().citation[0]
    monkeypatch.setenv("DECL46_DATA", str(data_copy / "nowhere"))
    with pytest.raises(DataError, match="does not exist"):
        decl46.load_sources()


def test_a_field_with_newlines_and_quotes_loads_and_later_lines_keep_their_numbers(data_copy):
    path = data_copy / "sources.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write('zz_multi,"A citation ""quoted""\nover two lines",\n')
        f.write("zz_after,,\n")  # a required citation missing, on the file's last line
    text = path.read_text(encoding="utf-8")
    problem = only_problem(data_copy)
    assert problem.line == len(text.splitlines())
    assert problem.column == "citation"


def test_an_extremely_long_field_loads_and_a_long_bad_value_is_shortened(data_copy):
    edit_cell(
        data_copy / "sources.csv",
        ("source_id", "carr_1954"),
        "citation",
        lambda c: c + "x" * 100_000,
    )
    assert decl46.load_sources(data_dir=data_copy).citation.str.len().max() > 100_000
    replace_in(
        data_copy / "stances.csv", "b08,proposal,agrees,", "b08,proposal," + "y" * 100_000 + ","
    )
    message = str(only_problem(data_copy))
    assert len(message) < 400 and "…" in message


def test_a_header_with_stray_spaces_is_named_with_a_hint(data_copy):
    replace_in(data_copy / "sources.csv", "source_id,citation,url", " source_id,citation,url")
    problems = problems_of(data_copy)
    assert any(
        p.column == " source_id" and "did you mean 'source_id'" in p.message for p in problems
    )


def test_a_quote_that_occurs_twice_is_anchored_by_its_offsets(data_copy):
    text = decl46.load_paragraphs().set_index("paragraph_id").text["p11"]
    first = text.index("the party")
    second = text.index("the party", first + 1)
    row = f"zz1,p11,the party,{second},{second + len('the party')},question,Which party?,,\n"
    with (data_copy / "annotations.csv").open("a", encoding="utf-8") as f:
        f.write(row)
    notes = decl46.load_annotations(data_dir=data_copy)
    assert notes.set_index("annotation_id").loc["zz1", "start"] == second
    replace_in(data_copy / "annotations.csv", row, row.replace(f",{second},", f",{second + 1},", 1))
    problem = only_problem(data_copy)
    assert f"the quote stands at start={first}" in problem.message
