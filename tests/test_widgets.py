"""The explorers: pure functions tested directly, and the wiring tested by setting widget values."""

from __future__ import annotations

import pytest

import decl46
from decl46 import explore, widgets

PNG = b"\x89PNG\r\n\x1a\n"


def test_person_card_shows_statement_stances_life_and_sources():
    card = explore.person_card("Beloborodov")
    assert "Aleksandr Georgiyevich Beloborodov" in card
    assert "While not agreeing with certain points" in card
    assert "Causes: agrees, with reservations" in card
    assert "Sources" in card and "The Declaration of 46" in card


def test_person_card_of_goltsman_shows_both_blocks():
    card = explore.person_card("A. Goltsman")
    assert card.count("<b>Block ") == 2


def test_person_card_escapes_the_data(data_copy):
    path = data_copy / "signatories.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Boris Abramovich Breslav", "Boris <script>alert(1)</script> Breslav", 1),
        encoding="utf-8",
    )
    card = explore.person_card("Breslav", data_dir=data_copy)
    assert "<script>" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card


def test_events_between_filters_by_range_and_category():
    october = explore.events_between("1923-10-01", "1923-10-31")
    assert "declaration_of_46" in set(october.event_id)
    assert (october.date <= "1923-10-31").all()
    trials = explore.events_between("1936-01-01", "1938-12-31", ["trial"])
    assert trials.event_id.tolist() == [
        "first_moscow_trial",
        "second_moscow_trial",
        "third_moscow_trial",
    ]
    assert explore.events_between("1930-01-01", "1930-12-31", ["trial"]).empty


def test_signers_with_a_stance_on_a_part():
    everyone = sum(
        len(explore.signers_with("proposal", s)) for s in ["agrees", "agrees_with_reservations"]
    )
    assert everyone == 47
    with pytest.raises(KeyError, match="the parts are"):
        explore.signers_with("economics", "agrees")
    with pytest.raises(KeyError, match="the stances are"):
        explore.signers_with("economy", "agree")


def test_signatory_explorer_follows_what_is_typed():
    explorer = widgets.SignatoryExplorer()
    before = bytes(explorer.chart.value)
    assert before.startswith(PNG)
    explorer.name.value = "Rosengolts"
    assert "Arkady Pavlovich Rozengolts" in explorer.card.value
    assert bytes(explorer.chart.value) != before
    explorer.name.value = "Holtzman"
    assert "no signatory is called" in explorer.card.value
    assert "Goltsman" in explorer.card.value


def test_timeline_explorer_redraws_and_lists_the_events_shown():
    explorer = widgets.TimelineExplorer()
    first_listing, first_chart = explorer.listing.value, bytes(explorer.chart.value)
    assert "Declaration of 46 sent to the Politburo" in first_listing
    explorer.categories["opposition"].value = False
    assert "Declaration of 46 sent to the Politburo" not in explorer.listing.value
    assert bytes(explorer.chart.value) != first_chart
    options = [value for _, value in explorer.range.options]
    explorer.range.value = (
        options[options.index(decl46.load_events().date.min().normalize().replace(day=1))],
        options[5],
    )
    assert "Tenth Party Congress" in explorer.listing.value
    for box in explorer.categories.values():
        box.value = False
    assert "No event" in explorer.listing.value


def test_agreement_explorer_lists_who_took_a_stance():
    explorer = widgets.AgreementExplorer()
    explorer.part.value = "economy"
    explorer.stance.value = "abstains"
    assert "1 signature lines" in explorer.listing.value
    assert "Averin" in explorer.listing.value
    chart = bytes(explorer.chart.value)
    explorer.part.value = "causes"
    explorer.stance.value = "not_stated"
    assert "26 signature lines" in explorer.listing.value
    assert bytes(explorer.chart.value) != chart


def test_dashboard_holds_every_explorer():
    tabs = widgets.dashboard()
    assert [tabs.get_title(i) for i in range(len(tabs.children))] == [
        "Signatories",
        "Agreement",
        "Timeline",
        "Reader",
    ]
