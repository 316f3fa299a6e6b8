"""The static site's own pages in a real browser, as a class uses them at 1024×768.

- The annotation page on one shared computer: two students in turn, each sees, saves,
  downloads and clears only their own notes; a student's name and note are text, never
  markup; notes of the page before names reach only their own student.
- The timeline page opens on its first event, titled by the years its slides span, with
  every lane's label whole and the whole timeline on one screen.
- The index numbers the lessons as their files are numbered.

Every page here runs under its Content-Security-Policy, with every request that is not a
file of the site aborted and recorded (tests/test_no_network.py checks every page for both).
Chromium is Debian's, driven by Playwright; pictures go to build/screenshots/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from servers import chromium
from test_browser import select_by_mouse

import decl46

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site"
SHOTS = ROOT / "build" / "screenshots"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.npm,
    pytest.mark.xdist_group("browser"),
]

# Records every Content-Security-Policy violation of a page, from its first script on.
RECORD_CSP = """
window.decl46Violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.decl46Violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture(scope="module")
def browser():
    if not (SITE / "annotate.html").is_file():
        pytest.fail("build/site is missing: run `make site` first (make test does)")
    with chromium(SHOTS) as b:
        yield b


class Site:
    """One browser profile (one shared computer) at 1024×768 that may read the site's files
    only: anything else is aborted and kept in ``attempted``."""

    def __init__(self, browser):
        self.context = browser.new_context(
            viewport={"width": 1024, "height": 768}, accept_downloads=True
        )
        self.attempted: list[str] = []
        self.errors: list[str] = []
        self.context.add_init_script(RECORD_CSP)
        self.context.route(lambda url: not url.startswith("file:"), self._block)

    def _block(self, route):
        self.attempted.append(route.request.url)
        route.abort()

    def open(self, name: str):
        page = self.context.new_page()
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.goto((SITE / name).as_uri())
        return page

    def check(self, *pages) -> None:
        """Nothing was asked of the network, no script failed, the policy blocked nothing."""
        assert self.attempted == []
        assert self.errors == []
        for page in pages:
            if not page.is_closed():
                assert page.evaluate("window.decl46Violations") == []


@pytest.fixture
def site(browser):
    s = Site(browser)
    yield s
    s.context.close()


# --- the annotation page -------------------------------------------------------------------


def passages(count: int) -> list[tuple[str, int, str]]:
    """(paragraph, start, passage) in as many short body paragraphs: three words each."""
    paragraphs = decl46.load_paragraphs()
    body = paragraphs[paragraphs["section"] == "body"]
    shortest = body.assign(n=body["text"].str.len()).sort_values("n").head(count)
    found = []
    for row in shortest.itertuples():
        passage = " ".join(row.text.split(" ")[4:7])
        found.append((row.paragraph_id, row.text.index(passage), passage))
    return found


def start_as(page, name: str, *, by_keyboard: bool = False) -> None:
    field = page.get_by_label("Your name", exact=True)
    field.fill(name)
    if by_keyboard:
        field.press("Enter")
    else:
        page.get_by_role("button", name="Start").click()


def my_notes(page) -> list[str]:
    """The student's notes listed beside the text, as the page shows them."""
    return page.locator("ol.my-notes li").all_inner_texts()


def annotate(page, pid: str, start: int, passage: str, note: str) -> None:
    page.locator(f"#text-{pid}").scroll_into_view_if_needed()
    select_by_mouse(page, f"text-{pid}", start, start + len(passage))
    editor = page.get_by_role("dialog", name="Note on")
    editor.wait_for(timeout=10_000)
    assert editor.locator("#editor-quote").inner_text() == f"“{passage}”"
    page.get_by_label("Your note", exact=True).fill(note)
    page.get_by_role("button", name="Save note").click()
    assert page.locator("#message").inner_text().startswith("Note saved")
    editor.wait_for(state="hidden")


def download(page, tmp_path: Path) -> Path:
    with page.expect_download() as event:
        page.get_by_role("button", name=re.compile(r"^Download my notes")).click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    return saved


def highlights_in_view(page, pid: str) -> int:
    """The student's highlights drawn on a paragraph (the kit's are hidden unless shown)."""
    page.locator(f"#text-{pid}").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return page.locator(".r6o-annotation").count()


def test_two_students_in_turn_on_one_browser_see_and_download_only_their_own(site, tmp_path):
    (pid_a, start_a, passage_a), (pid_b, start_b, passage_b) = passages(2)
    note_a = 'Anna\'s reading: why <b>this</b>? <img src=x onerror="window.hacked=1">'
    note_b = "Which leaders are meant? A claim to check against the Politburo's reply."
    page = site.open("annotate.html")

    # Before anyone starts, no note can be made: the page asks for a name.
    page.locator(f"#text-{pid_a}").scroll_into_view_if_needed()
    select_by_mouse(page, f"text-{pid_a}", start_a, start_a + len(passage_a))
    assert "Type your name" in page.locator("#message").inner_text()
    assert page.get_by_role("dialog", name="Note on").is_hidden()

    # Anna annotates and saves; her note outlives a reload of her tab.
    start_as(page, "Anna Petrova")
    assert page.locator("#student").inner_text() == "Anna Petrova"
    annotate(page, pid_a, start_a, passage_a, note_a)
    assert my_notes(page) == [f"YOU“{passage_a}” {note_a}"]
    assert page.locator(f"#para-{pid_a} img").count() == 0  # her note is text
    page.reload()
    assert page.locator("#student").inner_text() == "Anna Petrova"
    assert len(my_notes(page)) == 1
    assert highlights_in_view(page, pid_a) >= 1
    page.get_by_label("Show the kit's notes").check()
    kit_notes = page.locator(f"#para-{pid_a} ol.kit-notes")
    assert kit_notes.locator("li").count() == int(
        (decl46.load_annotations()["paragraph_id"] == pid_a).sum()
    )
    page.locator(f"#para-{pid_a}").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "site_annotate_student_a.png"))
    page.get_by_label("Show the kit's notes").uncheck()

    # She leaves; Boris starts on the same tab and sees none of her notes.
    page.get_by_role("button", name="I am not Anna Petrova").click()
    assert page.get_by_label("Your name", exact=True).is_visible()
    assert my_notes(page) == []
    start_as(page, "Boris")
    assert page.locator("#student").inner_text() == "Boris"
    assert my_notes(page) == []
    assert page.locator("#count").inner_text() == "0"
    page.get_by_role("button", name=re.compile(r"^Download my notes")).click()
    assert "Boris has no notes to download yet" in page.locator("#message").inner_text()
    assert highlights_in_view(page, pid_a) == 0
    annotate(page, pid_b, start_b, passage_b, note_b)
    assert my_notes(page) == [f"YOU“{passage_b}” {note_b}"]
    page.locator(f"#para-{pid_b}").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "site_annotate_student_b.png"))
    page.get_by_label("Show the kit's notes").check()
    page.locator(f"#para-{pid_b}").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "site_annotate.png"))  # for the README
    page.get_by_label("Show the kit's notes").uncheck()

    # Boris downloads his notes only, under his own name; the kit reads them back.
    saved = download(page, tmp_path)
    assert saved.name == "boris.jsonld"
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["label"] == "Notes by Boris on the Declaration of 46"
    assert [item["creator"] for item in document["items"]] == [{"type": "Person", "name": "Boris"}]
    read = decl46.read_student_annotations(saved)
    assert read.errors == []
    (note,) = read.annotations.itertuples()
    assert (note.student, note.paragraph_id, note.start, note.end, note.quote, note.note) == (
        "boris",
        pid_b,
        start_b,
        start_b + len(passage_b),
        passage_b,
        note_b,
    )
    # The kit's own export has the same target and selector shape.
    kit = decl46.annotations_jsonld()["items"][0]
    (mine,) = document["items"]
    assert [s["type"] for s in mine["target"]["selector"]] == [
        s["type"] for s in kit["target"]["selector"]
    ]
    assert set(mine["target"]) == set(kit["target"])
    # And the comparison puts it where the kit's spans say it belongs.
    spans = decl46.load_annotations().query("paragraph_id == @pid_b")
    meets = bool(((spans["start"] < start_b + len(passage_b)) & (start_b < spans["end"])).any())
    comparison = decl46.compare_annotations(read)
    assert (len(comparison.shared), len(comparison.class_only)) == (int(meets), int(not meets))

    # A second tab on this computer belongs to nobody until a name is typed.
    other = site.open("annotate.html")
    assert other.get_by_label("Your name", exact=True).is_visible()
    assert my_notes(other) == []
    other.close()

    # Boris clears his notes: asked first, kept on "No, keep", gone on "Yes, clear".
    page.get_by_role("button", name="Clear my notes…").click()
    confirm = page.get_by_role("dialog", name=re.compile("Clear the one note of Boris"))
    confirm.wait_for()
    page.get_by_role("button", name="No, keep").click()
    assert len(my_notes(page)) == 1
    page.get_by_role("button", name="Clear my notes…").click()
    page.get_by_role("button", name="Yes, clear").click()
    assert my_notes(page) == []
    page.reload()
    assert page.locator("#student").inner_text() == "Boris"
    assert my_notes(page) == []

    # Anna comes back (typing her name in another case) and finds hers, and only hers.
    page.get_by_role("button", name="I am not Boris").click()
    start_as(page, "anna  petrova")
    assert my_notes(page) == [f"YOU“{passage_a}” {note_a}"]
    saved = download(page, tmp_path)
    assert saved.name == "anna_petrova.jsonld"
    read = decl46.read_student_annotations(saved)
    assert read.errors == []
    assert read.annotations[["student", "quote", "note"]].values.tolist() == [
        ["annapetrova", passage_a, note_a]
    ]
    assert page.evaluate("window.hacked") is None
    site.check(page)


def test_a_name_or_a_note_that_cannot_be_used_is_refused_with_a_reason(site):
    page = site.open("annotate.html")
    problems = {
        "": "Type your name first",
        "   ": "Type your name first",
        "!!! ???": "at least one letter or digit",
        "x" * 41: "at most 40 letters and digits; this one has 41",
        "x " * 41: "at most 80 characters long; this one has 81",
    }
    for name, reason in problems.items():
        start_as(page, name)
        assert reason in page.locator("#message").inner_text(), name
        assert page.get_by_label("Your name", exact=True).is_visible()
    # A name with markup in it is a name: shown as text, and the file named by its letters.
    marked_up = '<b>Eve</b> <img src=x onerror="window.hacked=1">'
    start_as(page, marked_up, by_keyboard=True)
    assert page.locator("#student").inner_text() == marked_up
    assert page.locator(".toolbar b, .toolbar img").count() == 0
    assert page.evaluate("window.hacked") is None
    # A note longer than the page keeps is refused in the editor, and nothing is saved.
    ((pid, start, passage),) = passages(1)
    page.locator(f"#text-{pid}").scroll_into_view_if_needed()
    select_by_mouse(page, f"text-{pid}", start, start + len(passage))
    page.get_by_role("dialog", name="Note on").wait_for()
    page.get_by_label("Your note", exact=True).fill("y" * 5001)
    page.get_by_role("button", name="Save note").click()
    assert (
        "at most 5000 characters long; this one has 5001"
        in page.locator("#editor-problem").inner_text()
    )
    page.get_by_role("button", name="Cancel").click()
    assert my_notes(page) == []
    site.check(page)


def test_notes_kept_before_the_page_asked_for_names_go_to_their_own_student(site, tmp_path):
    (pid, start, passage), (pid_2, start_2, passage_2) = passages(2)
    text = decl46.load_paragraphs().set_index("paragraph_id")["text"]

    def old_note(uid, pid, start, passage, body):
        return {
            "id": f"urn:uuid:{uid}",
            "type": "Annotation",
            "body": [{"type": "TextualBody", "value": body}],
            "target": {
                "source": f"urn:decl46:paragraph:{pid}",
                "selector": [
                    {"type": "TextQuoteSelector", "exact": passage},
                    {"type": "TextPositionSelector", "start": start, "end": start + len(passage)},
                ],
            },
        }

    assert text[pid][start : start + len(passage)] == passage
    page = site.open("annotate.html")
    # The page before names kept one list and the last name typed, for everyone.
    page.evaluate(
        """([notes, name]) => { localStorage.setItem("decl46-student-notes", notes);
                                localStorage.setItem("decl46-student-name", name); }""",
        [
            json.dumps(
                [
                    old_note("1", pid, start, passage, "Old note of Vera."),
                    # written for another version of the text: kept, not shown
                    old_note("2", pid_2, start_2 + 1, passage_2, "Off its text."),
                ]
            ),
            "Vera",
        ],
    )
    page.reload()
    start_as(page, "Zoe")
    assert my_notes(page) == []
    page.get_by_role("button", name="I am not Zoe").click()
    start_as(page, "Vera")
    assert my_notes(page) == [f"YOU“{passage}” Old note of Vera."]
    assert "Not shown: 1 saved note that no longer matches" in page.locator("#message").inner_text()
    saved = download(page, tmp_path)
    assert saved.name == "vera.jsonld"
    assert decl46.read_student_annotations(saved).errors == []
    kept = page.evaluate("JSON.parse(localStorage.getItem('decl46-notes:vera')).items.length")
    assert kept == 2
    assert page.evaluate("localStorage.getItem('decl46-student-notes')") is None
    site.check(page)


# --- the timeline page ----------------------------------------------------------------------


def test_the_timeline_opens_on_its_first_event_titled_by_its_years_with_whole_lane_labels(site):
    tl = decl46.timeline_json()
    events = tl["events"]
    years = [e["start_date"]["year"] for e in events]
    years += [e["end_date"]["year"] for e in events if "end_date" in e]
    span = f"{min(years)}–{max(years)}"
    first = min(events, key=lambda e: [e["start_date"].get(k, 1) for k in ("year", "month", "day")])

    page = site.open("timeline.html")
    page.locator(".tl-timemarker").nth(len(events) - 1).wait_for(state="attached", timeout=30_000)
    page.wait_for_function("() => window.decl46Timeline.ready")
    page.wait_for_timeout(1500)  # TimelineJS's own first layout, then the page's
    assert span in page.locator("h1").inner_text()
    assert span in page.title()
    # It opens on the first event, the slide and the axis.
    assert page.evaluate("window.decl46Timeline.current_id") == first["unique_id"]
    shown = page.locator(f".tl-slide[id='{first['unique_id']}'] .tl-headline").first
    assert shown.is_visible()
    # The whole timeline is on the screen: slide, lanes, axis and the periods' bands.
    box = page.locator("#timeline-embed").bounding_box()
    assert box["y"] + box["height"] <= 768
    assert page.locator(".tl-timeera").first.bounding_box()["y"] < 768

    def layout():
        return page.evaluate(
            """id => {
                const nav = document.querySelector('.tl-timenav').getBoundingClientRect();
                const labels = [...document.querySelectorAll('.tl-timegroup-message')];
                const marker = document.getElementById(id + '-marker');
                // Is each label drawn above every mark at each of its points? (elementsFromPoint
                // lists what is there, the topmost first; the label takes pointer events for
                // this question only, since its clicks go to the marks beneath.)
                const covered = [];
                let under = 0;
                for (const label of labels) {
                    label.style.pointerEvents = 'auto';
                    const r = label.getBoundingClientRect();
                    for (const x of [r.left + 2, (r.left + r.right) / 2, r.right - 2]) {
                        const stack = document.elementsFromPoint(x, (r.top + r.bottom) / 2);
                        const mine = stack.findIndex(e => label.contains(e));
                        const mark = stack.findIndex(e => e.closest('.tl-timemarker'));
                        if (mark >= 0) under += 1;
                        if (mine < 0 || (mark >= 0 && mark < mine)) covered.push(label.textContent);
                    }
                    label.style.pointerEvents = '';
                }
                return {
                    navLeft: nav.left, navRight: nav.right,
                    labelsRight: Math.max(...labels.map(l => l.getBoundingClientRect().right)),
                    cut: labels.filter(l => l.scrollWidth > l.clientWidth + 1
                                         || l.getBoundingClientRect().right > nav.right)
                               .map(l => l.textContent),
                    covered: covered,
                    under: under,
                    labels: labels.map(l => l.textContent),
                    marker: marker ? marker.getBoundingClientRect().left : null,
                };
            }""",
            first["unique_id"],
        )

    # The first event's mark stands just right of the lanes' labels: no empty years shown
    # before it, beyond that margin (once TimelineJS has settled: a busy machine is slow).
    for _ in range(60):
        opening = layout()
        if opening["labelsRight"] <= opening["marker"] <= opening["labelsRight"] + 40:
            break
        page.wait_for_timeout(500)
    assert opening["labelsRight"] <= opening["marker"] <= opening["labelsRight"] + 40, opening
    groups = {e["group"].replace("&amp;", "&") for e in events}
    assert sorted(opening["labels"]) == sorted(groups)
    assert opening["cut"] == [] and opening["covered"] == [], opening
    page.screenshot(path=str(SHOTS / "site_timeline_opening.png"))

    # Later on the axis, marks pass under the labels: each label still shows whole.
    for event in events[10::10]:
        page.evaluate("id => window.decl46Timeline.goToId(id)", event["unique_id"])
        page.wait_for_timeout(1500)  # the axis's animation
        later = layout()
        if later["under"]:
            break
    assert later["under"], "no event brings a mark under the labels: nothing was checked"
    assert later["cut"] == [] and later["covered"] == [], later
    page.screenshot(path=str(SHOTS / "site_timeline_later.png"))

    # The buttons beside the slide are named by what they show, after their direction.
    buttons = [(".tl-slidenav-previous", "Previous"), (".tl-slidenav-next", "Next")]
    for selector, direction in buttons:
        button = page.locator(selector)
        title = " ".join(button.locator(".tl-slidenav-title").text_content().split())
        assert button.get_attribute("aria-label") is None
        assert page.get_by_role("button", name=f"{direction}: {title}").count() == 1
    site.check(page)


# --- the index ------------------------------------------------------------------------------


def test_the_index_numbers_the_lessons_as_their_files_are_numbered(site):
    page = site.open("index.html")
    lessons = page.locator("ol.lessons li")
    files = sorted(p.stem for p in (ROOT / "notebooks").glob("0*.ipynb"))
    assert lessons.count() == len(files)
    for item, stem in zip(lessons.all(), files, strict=True):
        number = stem.split("_", 1)[0]
        assert item.locator(".number").inner_text() == number
        assert item.locator("a").get_attribute("href") == f"{stem}.html"
        assert item.inner_text().startswith(number + " ")
    # No second numbering (1., 2., ...) beside the files' own.
    style = "getComputedStyle(document.querySelector('ol.lessons')).listStyleType"
    assert page.evaluate(style) == "none"
    site.check(page)
