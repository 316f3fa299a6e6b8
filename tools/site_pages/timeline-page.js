// The timeline page: decl46.timeline_json() (in the page, as JSON) drawn by TimelineJS.
// Everything TimelineJS needs is on this site: no web font, no theme, no locale file.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const timeline = new TL.Timeline("timeline-embed", data, {
    script_path: "vendor/timelinejs/dist/js/",
    font: null,
    theme: null,
    language: "en",
    hash_bookmark: false,
    timenav_height_percentage: 40,
    // Slide 0 is the title; the page opens on the first event.
    start_at_slide: data.title ? 1 : 0,
    // The axis five screens wide: a year is about a tenth of
    // the screen, so the months of the lessons' years can be told apart; the zoom buttons
    // show more or less.
    scale_factor: 5,
  });
  window.decl46Timeline = timeline;
  const embed = document.getElementById("timeline-embed");

  // TimelineJS centres the axis on the event shown, so the first event would open with
  // the empty years before it on the left half. While the first event is shown, the axis
  // starts with it instead, just right of the lanes' labels. TimelineJS centres the axis
  // again whenever the timeline comes into view or the window is resized (an
  // IntersectionObserver and a resize listener of its own, which run before these).
  function alignFirstEvent() {
    const nav = timeline._timenav;
    if (!nav || !nav._markers || !nav._markers.length) return;
    const x = (marker) => Number(marker.getLeft()); // TimelineJS gives it as a string
    const first = nav._markers.reduce((a, b) => (x(b) < x(a) ? b : a));
    if (timeline.current_id !== first.data.unique_id) return;
    const left = nav._el.container.getBoundingClientRect().left;
    const labels = [...embed.querySelectorAll(".tl-timegroup-message")]
      .map((label) => label.getBoundingClientRect().right - left);
    nav._el.slider.style.left = Math.max(0, ...labels) + 16 - x(first) + "px";
  }
  timeline.on("ready", () => {
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) alignFirstEvent();
    }).observe(embed);
    window.addEventListener("resize", alignFirstEvent);
  });

  // The buttons beside the slide show the next and the previous event's title and date;
  // TimelineJS names them with that text's HTML source ("&amp;", "&mdash;"), which is not
  // what the button shows (axe: label-content-name-mismatch). Each is named by what it
  // shows instead, after its direction, which is said to a screen reader only.
  function nameSlideButtons() {
    for (const [selector, direction] of [[".tl-slidenav-next", "Next"],
      [".tl-slidenav-previous", "Previous"]]) {
      for (const button of embed.querySelectorAll(selector)) {
        if (!button.querySelector(".decl46-direction")) {
          const said = document.createElement("span");
          said.className = "decl46-direction visually-hidden";
          said.textContent = direction + ":";
          (button.querySelector(".tl-slidenav-content-container") || button).prepend(said);
          // The arrow is a glyph of TimelineJS's icon font: not a word to read out.
          for (const icon of button.querySelectorAll(".tl-slidenav-icon")) {
            icon.setAttribute("aria-hidden", "true");
          }
        }
        if (button.hasAttribute("aria-label")) button.removeAttribute("aria-label");
      }
    }
  }
  new MutationObserver(nameSlideButtons).observe(embed, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["aria-label"],
  });
  nameSlideButtons();
})();
