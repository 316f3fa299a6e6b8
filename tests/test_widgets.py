"""The explorers: pure functions tested directly, and the wiring tested by setting widget values."""

from __future__ import annotations

from html import escape

import pandas as pd
import pytest

import decl46
from decl46 import widgets
from decl46.plots.lifelines import LifelinesChart
from decl46.plots.stances import AgreementChart
from decl46.plots.timeline import TimelineChart
from decl46.widgets import answers

PNG = b"\x89PNG\r\n\x1a\n"


def test_person_card_shows_statement_stances_life_and_sources():
    card = answers.person_card("Beloborodov")
    assert "Aleksandr Georgiyevich Beloborodov" in card
    assert "While not agreeing with certain points" in card
    assert "Causes: agrees, with reservations" in card
    assert "Sources" in card and "The Declaration of 46" in card


def test_person_card_of_goltsman_shows_both_blocks():
    card = answers.person_card("A. Goltsman")
    assert card.count("<b>Block ") == 2


def test_a_card_lists_the_timeline_events_that_name_the_person_in_date_order():
    events = decl46.load_events()
    named = events.person_ids.fillna("").str.split(";").apply(lambda ids: "preobrazhensky" in ids)
    card = answers.person_card("Preobrazhensky")
    listing = card[card.index("<b>In the timeline</b>") : card.index("<b>Sources</b>")]
    titles = [escape(t) for t in events[named].sort_values("date").title]
    assert len(titles) >= 2
    assert [listing.index(t) for t in titles] == sorted(listing.index(t) for t in titles)
    for title in events[~named].title:
        assert f": {escape(title)}</li>" not in listing
    # Someone who did not sign gets the events that name them too.
    trotsky = events.person_ids.fillna("").str.contains("trotsky")
    other = answers.name_answer("Trotsky")[0]
    assert all(escape(t) in other for t in events[trotsky].title)


def test_person_card_escapes_the_data(data_copy):
    path = data_copy / "signatories.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Boris Abramovich Breslav", "Boris <script>alert(1)</script> Breslav", 1),
        encoding="utf-8",
    )
    card = answers.person_card("Breslav", data_dir=data_copy)
    assert "<script>" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card


def test_events_between_filters_by_range_and_category():
    october = decl46.events_between("1923-10-01", "1923-10-31")
    assert "declaration_of_46" in set(october.event_id)
    assert (october.date <= "1923-10-31").all()
    trials = decl46.events_between("1936-01-01", "1938-12-31", ["trial"])
    assert trials.event_id.tolist() == [
        "first_moscow_trial",
        "second_moscow_trial",
        "third_moscow_trial",
    ]
    assert decl46.events_between("1930-01-01", "1930-12-31", ["trial"]).empty


def test_signers_with_a_stance_on_a_part():
    stances = decl46.vocabulary("stances", "stance").index
    for reading in ("first_signer", "every_signer"):
        every_line = sum(len(decl46.signers_with("proposal", s, reading=reading)) for s in stances)
        assert every_line == 47
    # Boguslavsky and Dudnik call for measures without naming the conference (codebook, rule 8).
    silent = decl46.signers_with("proposal", "not_stated")
    assert set(silent.block_id) == {"b12", "b13"} and len(silent) == 2
    with pytest.raises(ValueError, match="the part values are: economy, party_regime"):
        decl46.signers_with("economics", "agrees")
    with pytest.raises(ValueError, match="the stance values are: agrees, agrees_with_reservations"):
        decl46.signers_with("economy", "agree")


def test_signatory_explorer_follows_what_is_typed():
    explorer = widgets.SignatoryExplorer()
    before = explorer.chart.png
    assert before.startswith(PNG)
    # While a name is being typed nothing is looked up: no message flashes.
    for typed in ["P", "Ro", "Rosen"]:
        explorer.name.value = typed
        assert "Type or choose a name" in explorer.card.value
    explorer.look_up("Rosengolts")  # Enter
    assert "Arkady Pavlovich Rozengolts" in explorer.card.value
    assert explorer.chart.png != before
    explorer.look_up("Holtzman")
    assert "no signatory is called" in explorer.card.value
    assert "Goltsman" in explorer.card.value
    explorer.look_up("P")
    assert "only initials" not in explorer.card.value
    assert "Add a surname" in explorer.card.value
    # A name chosen from the list answers at once, without Enter.
    explorer.name.value = "G. Piatakov"
    assert "Georgy Leonidovich Pyatakov" in explorer.card.value
    explorer.name.value = ""
    assert "Type or choose a name" in explorer.card.value


def test_enter_in_the_name_box_looks_the_name_up():
    explorer = widgets.SignatoryExplorer()
    explorer.name.value = "Trotsky"
    assert "Type or choose a name" in explorer.card.value
    # What the browser sends when Enter is pressed in the box.
    explorer.name._handle_custom_msg({"event": "submit"}, [])
    assert "Not among the signers" in explorer.card.value


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("Trotsky", "Leon Trotsky"),
        ("Троцкий", "Leon Trotsky"),
        ("Stalin", "Joseph Stalin"),
        ("Zinoviev", "Grigory Zinoviev"),
        ("Kamenev", "Lev Kamenev"),
        ("Lenin", "Vladimir Lenin"),
        ("Bukharin", "Nikolai Bukharin"),
    ],
)
def test_someone_who_did_not_sign_gets_a_sourced_answer_from_the_data(typed, who):
    others = decl46.load_others().set_index("name")
    html, highlight = answers.name_answer(typed)
    assert highlight is None
    assert f"<h3>{who}</h3>" in html and "Not among the signers" in html
    assert "Did not sign" in html
    sources = decl46.load_sources().set_index("source_id")
    for source_id in others.loc[who, "source_ids"].split(";"):
        assert escape(sources.loc[source_id, "citation"]) in html
    assert "close matches" not in html


def test_trotsky_is_told_apart_from_the_signers_and_his_own_letter_is_named():
    html, _ = answers.name_answer("Trotsky")
    assert "8 October 1923" in html
    assert decl46.find_other("Pyatakov") is None
    assert decl46.find_other("Leon Trotsky").person_id == "trotsky"


def test_timeline_explorer_redraws_and_lists_the_events_shown():
    explorer = widgets.TimelineExplorer()
    first_listing, first_chart = explorer.listing.value, explorer.chart.png
    assert explorer.start.label == "1923 Q3: Jul–Sep" and explorer.end.label == "1924 Q2: Apr–Jun"
    assert "Declaration of 46 sent to the Politburo" in first_listing
    explorer.categories["opposition"].value = False
    assert "Declaration of 46 sent to the Politburo" not in explorer.listing.value
    assert explorer.chart.png != first_chart
    explorer.start.value = explorer.start.options[0][1]
    explorer.end.value = explorer.end.options[1][1]
    assert "Tenth Party Congress" in explorer.listing.value
    for box in explorer.categories.values():
        box.value = False
    assert "No category chosen" in explorer.listing.value
    assert explorer.chart.png.startswith(PNG)  # empty lanes, not a broken image


def test_timeline_range_never_turns_backwards():
    explorer = widgets.TimelineExplorer()
    last = explorer.end.options[-1][1]
    explorer.start.value = last
    assert explorer.end.value == last
    explorer.end.value = explorer.end.options[0][1]
    assert explorer.start.value == explorer.end.value


def test_quarters_and_listing_grammar():
    labels = [label for label, _ in answers.quarters(1923, 1924)]
    assert labels[:2] == ["1923 Q1: Jan–Mar", "1923 Q2: Apr–Jun"] and len(labels) == 8
    one = decl46.events_between("1923-10-15", "1923-10-15", ["opposition"])
    assert len(one) == 1
    assert answers.events_listing(one, ["opposition"]).startswith("<p>1 event shown:</p>")
    two = decl46.events_between("1923-10-01", "1923-10-31")
    assert answers.events_listing(two, ["opposition"]).startswith(f"<p>{len(two)} events shown:")
    assert "No event in this range" in answers.events_listing(one.iloc[0:0], ["opposition"])


def test_the_timeline_listing_names_the_people_of_each_event_and_its_category():
    explorer = widgets.TimelineExplorer()
    explorer.start.value = pd.Timestamp("1927-01-01")
    explorer.end.value = pd.Timestamp("1927-10-01")
    shown = explorer.timeline.shown
    named = shown.dropna(subset=["person_ids"])
    assert len(named)
    people = decl46.load_signatories().set_index("person_id").name_as_signed
    listing = explorer.listing.value
    assert "<th>people</th>" in listing
    for ids in named.person_ids:
        for person in ids.split(";"):
            assert escape(people.get(person, explorer.names[person])) in listing
    # Each date as precisely as it is known, without a leading zero.
    for date, precision in zip(shown.date, shown.date_precision, strict=True):
        written = decl46.dates.format_partial_date(date, precision)
        assert f"<td>{escape(written)}</td>" in listing
        assert not written.startswith("0")
    assert any(p == "month" for p in shown.date_precision)  # 1927 has one known to the month
    labels = explorer.category_labels  # from the package's vocabulary
    assert labels["party_decision"] == "Party decisions"
    assert all(f"<td>{escape(labels[c])}</td>" in listing for c in set(shown.category.astype(str)))


def test_agreement_explorer_lists_who_took_a_stance():
    explorer = widgets.AgreementExplorer()
    explorer.part.value = "economy"
    explorer.stance.value = "abstains"
    assert "1 signature line:" in explorer.listing.value
    assert "Averin" in explorer.listing.value
    chart = explorer.chart.png
    explorer.part.value = "causes"
    explorer.stance.value = "not_stated"
    silent = len(decl46.signers_with("causes", "not_stated"))
    assert f"{silent} signature lines" in explorer.listing.value
    # The other reading's count is said too, and choosing it lists its lines.
    every = len(decl46.signers_with("causes", "not_stated", reading="every_signer"))
    assert f"every name under it: {every}" in explorer.listing.value.lower()
    explorer.reading.value = "every_signer"
    assert f"{every} signature lines" in explorer.listing.value
    assert explorer.chart.png != chart


def test_dashboard_holds_every_explorer():
    tabs = widgets.dashboard()
    assert [tabs.get_title(i) for i in range(len(tabs.children))] == [
        "Signatories",
        "Agreement",
        "Timeline",
        "Reader",
    ]


def pixels(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def share_differing(a: bytes, b: bytes) -> float:
    """The share of pixels that differ between two PNG images of the same size."""
    first, second = pixels(a), pixels(b)
    assert first.shape == second.shape
    return float((first != second).any(axis=2).mean())


def full_drawing(like, draw) -> bytes:
    """The figure drawn in one go, as PNG (nothing kept back for later updates), at the
    size and resolution of the chart ``like``."""
    from decl46.plots._live_chart import LiveChart

    figure = like.figure
    return LiveChart(
        tuple(figure.get_size_inches()), lambda ax: draw(ax) and None, dpi=figure.dpi
    ).png()


def drawn_with_key(chart):
    chart.add_key()
    return chart


@pytest.mark.parametrize(
    ("make", "control", "values", "draw"),
    [
        (
            widgets.SignatoryExplorer,
            "name",
            ["G. Piatakov", "Averin"],
            # The part of the lifelines with Pyatakov, as the explorer draws it.
            lambda ax: LifelinesChart(ax, part=1, parts=None).highlight("pyatakov"),
        ),
        (
            widgets.AgreementExplorer,
            "stance",
            ["agrees_with_reservations", "agrees"],
            lambda ax: drawn_with_key(AgreementChart(ax)).highlight(
                "economy", "agrees_with_reservations"
            ),
        ),
        (
            widgets.TimelineExplorer,
            "end",
            [None, pd.Timestamp("1940-10-01")],
            lambda ax: TimelineChart(ax, numbered=True, span_in_title=False).show(
                "1923-07-01", "1924-06-30", None
            ),
        ),
    ],
    ids=["signatory", "agreement", "timeline"],
)
def test_an_update_redraws_only_what_changed_and_leaves_nothing_behind(make, control, values, draw):
    explorer = make()
    widget = getattr(explorer, control)
    first = values[0] if values[0] is not None else widget.value
    widget.value = first
    before = explorer.chart.png
    # What the explorer shows is the figure a full drawing gives.
    assert share_differing(before, full_drawing(explorer.live, draw)) < 0.0005
    widget.value = values[1]
    assert share_differing(before, explorer.chart.png) > 0.005
    widget.value = first
    # Coming back gives the very same picture: the kept background holds nothing stale.
    assert explorer.chart.png == before


@pytest.mark.parametrize(
    ("make", "change"),
    [
        (widgets.SignatoryExplorer, lambda e: e.look_up("Pyatakov")),
        (widgets.AgreementExplorer, lambda e: setattr(e.stance, "value", "not_stated")),
    ],
    ids=["signatory", "agreement"],
)
def test_an_overlay_update_encodes_only_its_patch_and_shows_the_whole_chart(make, change):
    """An explorer whose updates are overlays shows its first drawing with the changed part
    laid over it: the patch is a small part of the picture, and the two together are
    exactly the chart a full encoding of the canvas gives."""
    explorer = make()
    change(explorer)
    picture = explorer.chart.picture
    assert picture.patch is not None and picture.base == explorer.live._base
    left, top, width, height = picture.box
    assert left >= 0 and top >= 0 and left + width <= picture.size[0]
    assert top + height <= picture.size[1]
    assert width * height < 0.2 * picture.size[0] * picture.size[1]
    assert pixels(explorer.chart.png).shape[:2] == picture.size[::-1]
    from decl46.plots._png import canvas_png

    # the whole canvas, encoded
    assert share_differing(explorer.chart.png, canvas_png(explorer.live.canvas)) == 0
    # The page lays the patch where it belongs, in per cent of the chart.
    assert f"left: {100 * left / picture.size[0]:.4f}%" in explorer.chart.value


def test_the_timeline_keeps_its_date_axis_while_lanes_change_and_shows_what_a_redraw_shows():
    """The explorer draws its date axis again only when the range moves (LiveChart's
    layer); a lane switched off after a move shows the same picture as a chart that draws
    axis, lanes and titles again on every update."""
    from decl46.plots._live_chart import LiveChart

    explorer = widgets.TimelineExplorer()
    first_range = explorer._chosen_range()
    explorer.start.value = pd.Timestamp("1926-01-01")
    explorer.end.value = pd.Timestamp("1928-10-01")
    explorer.categories["opposition"].value = False
    chosen = explorer.chosen_categories()
    assert "opposition" not in chosen
    assert explorer.live._layer_key == ("1926-01-01", "1928-12-31")
    charts = []
    reference = LiveChart(
        tuple(explorer.live.figure.get_size_inches()),
        lambda ax: (
            charts.append(TimelineChart(ax, numbered=True, span_in_title=False))
            or charts[0].show(*first_range)
        ),
        dpi=explorer.live.figure.dpi,
    )
    redrawn = reference.png(lambda: charts[0].show("1926-01-01", "1928-12-31", chosen))
    assert explorer.chart.png == redrawn


@pytest.mark.parametrize(
    "make", [widgets.SignatoryExplorer, widgets.TimelineExplorer, widgets.AgreementExplorer]
)
def test_an_explorer_stores_a_picture_of_its_chart_for_an_untrusted_notebook(make):
    """JupyterLab shows an untrusted notebook's first safe form: for an explorer, a picture
    of its chart under a banner that says to run the notebook, with alt text."""
    import base64
    import io

    from PIL import Image

    explorer = make()
    data, metadata = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data  # the live widget, when trusted
    picture = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
    chart = Image.open(io.BytesIO(explorer.chart.png))
    assert picture.size == (chart.width, chart.height + 44)
    # Below the banner, the picture is the chart as the explorer showed it.
    assert (
        picture.crop((0, 44, chart.width, chart.height + 44)).tobytes()
        == chart.convert("RGB").tobytes()
    )
    alt = metadata["image/png"]["alt"]
    assert alt.startswith(explorer.what) and "run the notebook" in alt
    assert explorer.chart.alt in alt
    assert data["text/plain"] == f"{explorer.what}: run the notebook to use it."


def test_the_reader_and_the_coding_widget_store_what_they_show_as_sanitisable_html():
    reader = widgets.Reader()
    data, _ = reader._repr_mimebundle_()
    assert "image/png" not in data
    assert data["text/html"].endswith(reader.page.value) and "run the notebook" in data["text/html"]
    coding = widgets.CodingWidget(path=None)
    data, _ = coding._repr_mimebundle_()
    assert coding.statement.value in data["text/html"]


@pytest.mark.parametrize(
    "make", [widgets.SignatoryExplorer, widgets.TimelineExplorer, widgets.AgreementExplorer]
)
def test_an_explorers_chart_is_an_image_with_alt_text_saying_what_it_shows(make):
    import html

    explorer = make()
    shown = explorer.chart.value
    if shown.startswith("<img"):
        assert shown.startswith('<img src="data:image/png;base64,')
        alt = html.unescape(shown.split('alt="', 1)[1].split('"', 1)[0])
    else:
        # A first drawing with a patch over it: one element named by the alt text, whose
        # two images a screen reader skips.
        assert shown.startswith('<div role="img" aria-label="')
        alt = html.unescape(shown.split('aria-label="', 1)[1].split('"', 1)[0])
        assert shown.count("<img ") == 2 and shown.count('alt=""') == 2
    assert alt == explorer.chart.alt and len(alt) > 40
    before = explorer.chart.alt
    if make is widgets.AgreementExplorer:
        explorer.stance.value = "not_stated"
    elif make is widgets.TimelineExplorer:
        explorer.categories["opposition"].value = False
    else:
        explorer.name.value = "Averin"
    assert explorer.chart.alt != before  # rewritten from the data on every update
