"""Who the 46 were: lookups by any spelling, namesakes kept apart, every row sourced."""

from __future__ import annotations

import pandas as pd
import pytest

import decl46
from decl46 import PersonNotFound


@pytest.mark.parametrize(
    ("query", "person_id"),
    [
        ("Pyatakov", "pyatakov"),
        ("Piatakov", "pyatakov"),
        ("G. Piatakov", "pyatakov"),
        ("Пятаков", "pyatakov"),
        ("Георгий Пятаков", "pyatakov"),
        ("Rozengolts", "rozengolts"),
        ("Rosengolts", "rozengolts"),
        ("Розенгольц", "rozengolts"),
        ("Preobrazhenskii", "preobrazhensky"),
        ("E. Preobrazhensky", "preobrazhensky"),
        ("Serebriakov", "serebryakov"),
        ("Антонов-Овсеенко", "antonov_ovseenko"),
        ("Osinsky", "osinsky"),
        ("Obolensky", "osinsky"),
        ("I. N. Smirnov", "smirnov_i"),
        ("Ivan Smirnov", "smirnov_i"),
        ("V. Smirnov", "smirnov_v"),
        ("Vladimir Mikhailovich Smirnov", "smirnov_v"),
        ("Yeltsin", "eltsin"),
        ("Ter-Vaganian", "ter_vaganyan"),
        ("Maximovsky", "maksimovsky"),
        ("Bosch", "bosh"),
        ("Goltsman", "goltsman"),
    ],
)
def test_find_person_by_any_usual_spelling(query, person_id):
    assert decl46.find_person(query)["person_id"] == person_id


def test_an_ambiguous_name_asks_for_an_initial():
    with pytest.raises(PersonNotFound, match=r"fits several signatories: .*smirnov_i.*smirnov_v"):
        decl46.find_person("Smirnov")


def test_an_unknown_name_lists_close_matches():
    with pytest.raises(
        PersonNotFound, match=r"no signatory is called 'Preobrajensky'.*Preobrazhensky"
    ):
        decl46.find_person("Preobrajensky")


def test_the_1936_defendant_holtzman_is_not_the_signer_goltsman():
    goltsman = decl46.find_person("A. Goltsman")
    assert goltsman["name"] == "Abram Zinovyevich Goltsman"
    assert goltsman["fate"] == "accident"
    assert pd.isna(goltsman["moscow_trial"])
    with pytest.raises(PersonNotFound, match="close matches: Abram Zinovyevich Goltsman"):
        decl46.find_person("Holtzman")
    with pytest.raises(PersonNotFound):
        decl46.find_person("E. S. Holtzman")


def test_the_kosior_brothers_and_the_kaganoviches_are_not_confused():
    kosior = decl46.find_person("V. Kosior")
    assert kosior["name"].startswith("Vladimir")
    with pytest.raises(PersonNotFound):
        decl46.find_person("Stanislav Kosior")
    kaganovich = decl46.find_person("Kaganovich")
    assert kaganovich["identity_confidence"] == "low"
    assert "Lazar" in kaganovich["identity_note"]


def test_only_initials_is_not_a_name():
    with pytest.raises(PersonNotFound, match="only initials"):
        decl46.find_person("A. E.")


def test_every_signatory_row_is_sourced_and_explained():
    people = decl46.load_signatories()
    assert people.source_ids.notna().all()
    assert people.fate.notna().all()
    assert people.identity_confidence.notna().all()
    assert people.identity_note.notna().all()
    # A biography beyond the name as signed always has a source besides the declaration.
    described = people[people.birth_year.notna() | people.death_date.notna()]
    assert (described.source_ids.str.split(";").str.len() >= 2).all()


def test_unidentified_people_are_not_given_a_guessed_fate():
    people = decl46.load_signatories()
    low = people[people.identity_confidence == "low"]
    assert (low.fate == "unknown").all()
    assert low.death_date.isna().all()


def test_executed_people_have_a_death_date_and_trial_defendants_are_executed():
    people = decl46.load_signatories()
    assert people.loc[people.fate == "executed", "death_date"].notna().all()
    defendants = people.dropna(subset=["moscow_trial"])
    assert set(defendants.fate) == {"executed"}
    trial_year = defendants.death_date.dt.year
    assert (trial_year == defendants.moscow_trial.astype(int)).all()


def test_fates_summary_counts_everyone_with_and_without_the_unknowns():
    summary = decl46.fates_summary()
    people = decl46.load_signatories()
    assert int(summary["count"].sum()) == 46
    assert summary.loc["executed", "count"] == (people.fate == "executed").sum()
    known = (people.fate != "unknown").sum()
    expected = round(100 * (people.fate == "executed").sum() / known, 1)
    assert summary.loc["executed", "percent_of_known"] == expected
    assert pd.isna(summary.loc["unknown", "percent_of_known"])
    for fate, row in summary.iterrows():
        names = [] if row["names"] == "" else row["names"].split("; ")
        assert sorted(names) == sorted(people.loc[people.fate == fate, "name"])


def test_fates_summary_follows_an_edited_copy(data_copy):
    path = data_copy / "signatories.csv"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("goltsman,"))
    path.write_text(text.replace(line, line.replace(",accident,", ",executed,")), encoding="utf-8")
    summary = decl46.fates_summary(data_dir=data_copy)
    assert summary.loc["accident", "count"] == 0
    assert "Abram Zinovyevich Goltsman" in summary.loc["executed", "names"]


def test_a_signer_listed_among_those_who_did_not_sign_is_an_error(data_copy):
    path = data_copy / "others.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntrotsky,", "\npyatakov,", 1), encoding="utf-8")
    with pytest.raises(decl46.DataError, match=r"others\.csv.*'pyatakov' is a signatory"):
        decl46.load_others(data_dir=data_copy)


def test_find_other_knows_the_leaders_who_did_not_sign_in_any_script():
    assert decl46.find_other("Зиновьев").person_id == "zinoviev"
    assert decl46.find_other("L. Kamenev").person_id == "kamenev"
    assert decl46.find_other("Lenin").person_id == "lenin"
    assert decl46.find_other("Smirnov") is None
