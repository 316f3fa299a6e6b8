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


def test_fates_by_certainty_keeps_the_unknowns_apart_and_adds_up():
    table = decl46.fates_by_certainty()
    people = decl46.load_signatories()
    assert int(table["total"].sum()) == len(people)
    low = people.identity_confidence == "low"
    assert table.loc["not identified", "total"] == low.sum()
    unknown = (people.fate == "unknown") & ~low
    assert table.loc["identified, manner of death unknown", "total"] == unknown.sum()
    for fate in people.fate.cat.categories.drop("unknown"):
        group = people[people.fate == fate]
        for certainty in people.fate_certainty.cat.categories:
            assert table.loc[fate, certainty] == (group.fate_certainty == certainty).sum()


# --- the rules of data/README.md ("Fates and identifications: the rules"), on every row ----


def _types_cited(row, sources):
    ids = [s for s in row.source_ids.split(";") if s != "wp_en_declaration_46"]
    return list(sources.loc[sources.source_id.isin(ids), "source_type"].astype(str))


def test_every_fate_has_a_certainty_by_the_rule_and_only_a_known_fate_has_one():
    people = decl46.load_signatories()
    sources = decl46.load_sources()
    strong = {"scholarly", "reference", "primary", "database"}
    for row in people.itertuples():
        if row.fate == "unknown":
            assert pd.isna(row.fate_certainty), row.person_id
            continue
        assert row.fate_certainty in {"confirmed", "probable", "claimed"}, row.person_id
        types = _types_cited(row, sources)
        if row.fate_certainty == "confirmed":
            assert strong & set(types) or types.count("press") >= 2, row.person_id
        if not strong & set(types) and types.count("press") < 2:
            # resting on Wikipedia, one press source or weak sites: never confirmed
            assert row.fate_certainty != "confirmed", row.person_id


def test_execution_dates_are_shooting_dates_and_the_notes_give_the_sentence():
    people = decl46.load_signatories()
    events = decl46.load_events().set_index("event_id")
    shot = {
        1936: ("first_moscow_trial", pd.Timestamp("1936-08-25")),
        1937: ("second_moscow_trial", pd.Timestamp("1937-02-01")),
        1938: ("third_moscow_trial", pd.Timestamp("1938-03-15")),
    }
    defendants = people.dropna(subset=["moscow_trial"])
    assert len(defendants) == 8
    for row in defendants.itertuples():
        event_id, date = shot[int(row.moscow_trial)]
        assert row.death_date == date, row.person_id
        assert row.person_id in events.loc[event_id, "person_ids"].split(";")
        assert "shot" in events.loc[event_id, "description"]
        assert events.loc[event_id, "end_date"] <= date
        assert "sentenced" in row.fate_note.lower() and "shot" in row.fate_note, row.person_id


def test_an_inferred_fate_is_never_confirmed():
    people = decl46.load_signatories()
    for fate in ("natural_death", "died_in_custody"):
        inferred = people[(people.fate == fate) & people.fate_note.str.contains("infer|no source")]
        assert (inferred.fate_certainty != "confirmed").all(), fate
    farbman = people.set_index("person_id").loc["farbman"]
    assert (farbman.fate, farbman.fate_certainty) == ("natural_death", "probable")


def test_bosch_and_the_five_of_1_february_1937_are_coded_consistently():
    people = decl46.load_signatories().set_index("person_id")
    assert people.loc["bosh", "fate"] == "suicide"
    five = ["serebryakov", "muralov", "drobnis", "pyatakov", "boguslavsky"]
    assert set(people.loc[five, "death_date"]) == {pd.Timestamp("1937-02-01")}
    assert people.loc["pyatakov", "fate_note"].count("30 January 1937") >= 1


def test_identity_high_rests_on_a_tie_or_a_compelling_match():
    people = decl46.load_signatories()
    for row in people.itertuples():
        note = row.identity_note
        if row.identity_confidence == "low":
            assert pd.isna(row.birth_year) and pd.isna(row.death_date), row.person_id
        if row.identity_confidence == "medium":
            assert "no source" in note.lower() or "nothing" in note.lower(), row.person_id


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
