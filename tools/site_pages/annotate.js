// The annotation page: a student types their name, selects passages of the declaration,
// writes notes, and downloads them as W3C Web Annotations in the shape of the kit's own
// export (decl46.annotations_jsonld): target urn:decl46:paragraph:<id>, a TextQuoteSelector
// and a TextPositionSelector with offsets in the paragraph's text. The selection is
// Recogito's text annotator (vendor/recogito/).
//
// One browser, many students (a shared computer): each student's notes are kept in this
// browser's localStorage under a key made from their name, and the page shows, saves,
// downloads and clears only the notes of the student who started it. The name of this
// tab's student is kept in sessionStorage, so that a reload keeps them; "I am not …" ends
// it. Whatever a student types is text: it is only ever written with textContent.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("decl46-data").textContent);
  const STORE = "decl46-notes:"; // + a student's key: {name, items: [W3C annotations]}
  const CURRENT = "decl46-student"; // sessionStorage: the name of this tab's student
  // The page before names: one list of notes and the last name typed, shared by everyone.
  const LEGACY_NOTES = "decl46-student-notes";
  const LEGACY_NAME = "decl46-student-name";
  const PREFIX = "urn:decl46:paragraph:";
  const CONTEXT = 32; // characters of prefix and suffix, as in the kit's export
  const $ = (id) => document.getElementById(id);
  const container = $("text");
  const editor = $("editor");
  const noteField = $("note");
  const message = $("message");
  const nameField = $("student-name");
  const showKit = $("show-kit");
  const kitIds = new Set(data.kit.map((a) => a.id));
  const kitById = new Map(data.kit.map((a) => [a.id, a]));
  let student = null; // {name, key}: whose notes the page shows, or null before Start
  let notes = new Map(); // that student's notes, as W3C annotations, by id
  let current = null; // the id of the annotation in the editor

  const anno = RecogitoJS.createTextAnnotator(container, {
    offsetReferenceSelector: "p.text",
    userSelectAction: (a) => (kitIds.has(a.id) ? "SELECT" : "EDIT"),
    style: (a) =>
      kitIds.has(a.id)
        ? { fill: "#6baed6", fillOpacity: 0.3, underlineColor: "#2171b5", underlineThickness: 2 }
        : { fill: "#f6c744", fillOpacity: 0.55 },
  });
  anno.setAnnotations(data.kit.map(toRecogito), true);
  anno.setAnnotatingEnabled(false);
  applyKitToggle();

  function say(text, problem) {
    message.textContent = text;
    message.className = problem ? "problem" : "";
  }

  // ---- names ------------------------------------------------------------------------
  // A student is known by the letters and digits of their name, in lower case: the rule
  // by which the teacher's reader (decl46.read_student_annotations) tells one student's
  // file from another's, so "Anna Petrova", "anna petrova" and "Anna-Petrova" are one
  // student here as there. (JavaScript lower-cases where Python case-folds: they differ
  // only for a few letters such as ß.)
  function keyOf(name) {
    return name.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "")
      .normalize("NFC");
  }

  // The downloaded file's name: the same letters and digits, words joined by "_".
  function fileNameOf(name) {
    return name.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "_")
      .replace(/^_+|_+$/g, "").normalize("NFC") + ".jsonld";
  }

  // [{name, key}, null] for a usable name, or [null, why not].
  function checkName(typed) {
    const name = String(typed).normalize("NFC").replace(/\s+/gu, " ").trim();
    if (!name) return [null, "Type your name first, then press Start."];
    const length = [...name].length;
    if (length > data.nameLength) {
      return [null, "A name can be at most " + data.nameLength + " characters long; this one "
        + "has " + length + "."];
    }
    if (/\p{Cc}/u.test(name)) return [null, "A name cannot hold control characters."];
    const key = keyOf(name);
    if (!key) return [null, "A name needs at least one letter or digit."];
    const letters = [...key].length;
    if (letters > data.nameLimit) {
      return [null, "A name can have at most " + data.nameLimit + " letters and digits; this "
        + "one has " + letters + "."];
    }
    return [{ name: name, key: key }, null];
  }

  // ---- this browser's store -----------------------------------------------------------
  // Every change re-reads the student's store and changes only the notes it concerns, so
  // that two tabs of one student do not undo each other, and items this page cannot show
  // (written for another version of the text) are kept as they are.
  function readStore(key) {
    let raw = null;
    try {
      raw = localStorage.getItem(STORE + key);
    } catch (e) {
      return { items: [], blocked: true };
    }
    if (raw === null) return { items: [] };
    try {
      const value = JSON.parse(raw);
      if (value && Array.isArray(value.items)) return { items: value.items };
    } catch (e) { /* damaged: kept aside below, never overwritten */ }
    return { items: [], damaged: raw };
  }

  function writeStore(change) {
    const key = STORE + student.key;
    const store = readStore(student.key);
    try {
      if (store.damaged !== undefined) localStorage.setItem(key + ":damaged", store.damaged);
      const items = change(store.items);
      if (items.length) {
        localStorage.setItem(key, JSON.stringify({ name: student.name, items: items }));
      } else {
        localStorage.removeItem(key);
      }
      return true;
    } catch (e) {
      say("This browser does not keep notes (its storage is full or switched off): your notes "
        + "last only while this page is open. Download them now.", true);
      return false;
    }
  }

  function storeNote(note) {
    return writeStore((items) => [...items.filter((i) => !i || i.id !== note.id), note]);
  }

  function forgetNote(id) {
    return writeStore((items) => items.filter((i) => !i || i.id !== id));
  }

  // A stored item that is a note of this page's shape on this page's text, or null.
  function usable(item) {
    try {
      const pid = item.target.source.slice(PREFIX.length);
      const text = data.paragraphs[pid];
      const quote = item.target.selector.find((s) => s.type === "TextQuoteSelector");
      const position = item.target.selector.find((s) => s.type === "TextPositionSelector");
      const body = item.body.find((b) => b.type === "TextualBody");
      const ok = typeof item.id === "string" && item.id.startsWith("urn:")
        && item.target.source.startsWith(PREFIX) && typeof text === "string"
        && Number.isInteger(position.start) && Number.isInteger(position.end)
        && text.slice(position.start, position.end) === quote.exact && quote.exact.length > 0
        && typeof body.value === "string";
      return ok ? item : null;
    } catch (e) {
      return null;
    }
  }

  // Notes from the page before names: those of a named student go to that student; those
  // with no name to "student", the name that page gave their download. Nobody else's.
  function adoptLegacyNotes() {
    let raw;
    let typed;
    try {
      raw = localStorage.getItem(LEGACY_NOTES);
      typed = localStorage.getItem(LEGACY_NAME) || "";
    } catch (e) {
      return;
    }
    let items = null;
    try {
      items = raw === null ? null : JSON.parse(raw);
    } catch (e) { /* left where it is */ }
    if (!Array.isArray(items)) return;
    const owner = checkName(typed)[0] || checkName("student")[0];
    const before = student;
    student = owner;
    const ids = new Set(items.map((i) => i && i.id));
    const moved = writeStore((kept) => [...kept.filter((i) => !i || !ids.has(i.id)), ...items]);
    student = before;
    if (moved) {
      localStorage.removeItem(LEGACY_NOTES);
      localStorage.removeItem(LEGACY_NAME);
    }
  }

  // ---- whose notes --------------------------------------------------------------------
  function start(who) {
    if (student) stop(true);
    student = who;
    try {
      sessionStorage.setItem(CURRENT, who.name);
    } catch (e) { /* a reload then asks for the name again */ }
    const store = readStore(who.key);
    const shown = store.items.map(usable).filter(Boolean);
    notes = new Map(shown.map((n) => [n.id, n]));
    for (const note of notes.values()) anno.addAnnotation(toRecogito(note));
    $("student").textContent = who.name;
    $("switch-name").textContent = who.name;
    $("start").hidden = true;
    $("session").hidden = false;
    anno.setAnnotatingEnabled(true);
    renderLists();
    const hidden = store.items.length - shown.length;
    let text = notes.size
      ? who.name + ": " + plural(notes.size, "note") + " of yours in this browser."
      : who.name + ": no notes yet. Select a passage to add one.";
    if (hidden) {
      text += " Not shown: " + plural(hidden, "saved note") + " that no longer "
        + (hidden === 1 ? "matches" : "match") + " this text (kept in this browser).";
    }
    if (store.blocked) text = "This browser keeps no notes (storage is switched off): download "
      + "your notes before you close the page.";
    if (store.damaged !== undefined) text += " Your saved notes could not be read; they are kept "
      + "aside in this browser.";
    say(text, Boolean(store.blocked || store.damaged !== undefined));
    $("student").focus();
  }

  // Ends the student's turn: their notes leave the page (they stay in this browser).
  function stop(quiet) {
    if (current !== null) closeEditor();
    for (const id of notes.keys()) {
      if (anno.getAnnotationById(id)) anno.removeAnnotation(id);
    }
    const who = student;
    notes = new Map();
    student = null;
    try {
      sessionStorage.removeItem(CURRENT);
    } catch (e) { /* nothing kept */ }
    anno.setAnnotatingEnabled(false);
    renderLists();
    $("session").hidden = true;
    $("start").hidden = false;
    nameField.value = "";
    if (!quiet) {
      say(who.name + "'s notes are put away. Type your name to see yours.");
      nameField.focus();
    }
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  $("start").addEventListener("submit", (e) => {
    e.preventDefault();
    const [who, problem] = checkName(nameField.value);
    if (!who) {
      say(problem, true);
      nameField.focus();
      return;
    }
    start(who);
  });
  $("switch").addEventListener("click", () => stop(false));

  // A selection made before Start would be lost: say what to do instead.
  container.addEventListener("pointerup", () => {
    const selected = String(window.getSelection() || "").trim();
    if (!student && selected) say("Type your name and press Start first, then select the passage.", true);
  });

  // Another tab of this student saved or deleted a note: show the notes as they now are.
  window.addEventListener("storage", (e) => {
    if (!student || e.key !== STORE + student.key) return;
    for (const id of notes.keys()) {
      if (id !== current && anno.getAnnotationById(id)) anno.removeAnnotation(id);
    }
    notes = new Map(readStore(student.key).items.map(usable).filter(Boolean).map((n) => [n.id, n]));
    for (const note of notes.values()) {
      if (!anno.getAnnotationById(note.id)) anno.addAnnotation(toRecogito(note));
    }
    renderLists();
  });

  // ---- W3C and Recogito -----------------------------------------------------------------
  function paragraphOf(element) {
    return element && element.dataset ? element.dataset.paragraph : undefined;
  }

  // A W3C annotation (the kit's or a stored note) as Recogito's: the offsets are counted in
  // the paragraph's <p>, which Recogito is told is the offset reference.
  function toRecogito(w3c) {
    const pid = w3c.target.source.slice(PREFIX.length);
    const quote = w3c.target.selector.find((s) => s.type === "TextQuoteSelector");
    const position = w3c.target.selector.find((s) => s.type === "TextPositionSelector");
    const body = (w3c.body || []).find((b) => b.type === "TextualBody");
    return {
      id: w3c.id,
      bodies: body ? [{ id: w3c.id + "#body", annotation: w3c.id, purpose: "commenting",
        value: body.value }] : [],
      target: {
        annotation: w3c.id,
        selector: [{ quote: quote.exact, start: position.start, end: position.end,
          offsetReference: $("text-" + pid) }],
      },
    };
  }

  function toW3CId(id) {
    return id.startsWith("urn:") ? id : "urn:uuid:" + id;
  }

  // Recogito's annotation as a W3C one in the kit's shape, or null (with a reason) when the
  // selection is not one passage of one paragraph.
  function toW3C(annotation, value) {
    const selectors = annotation.target.selector;
    if (selectors.length !== 1) return [null, "Select one passage at a time."];
    const s = selectors[0];
    const pid = paragraphOf(s.offsetReference);
    const text = data.paragraphs[pid];
    if (text === undefined || text.slice(s.start, s.end) !== s.quote) {
      return [null, "Select a passage within one paragraph."];
    }
    const old = notes.get(toW3CId(annotation.id));
    return [{
      id: toW3CId(annotation.id),
      type: "Annotation",
      motivation: "commenting",
      created: old ? old.created : new Date().toISOString(),
      creator: { type: "Person", name: student.name },
      body: [{ type: "TextualBody", value: value, format: "text/plain", language: "en",
        purpose: "commenting" }],
      target: {
        source: PREFIX + pid,
        selector: [
          { type: "TextQuoteSelector", exact: s.quote,
            prefix: text.slice(Math.max(0, s.start - CONTEXT), s.start),
            suffix: text.slice(s.end, s.end + CONTEXT) },
          { type: "TextPositionSelector", start: s.start, end: s.end },
        ],
      },
    }, null];
  }

  // ---- the note editor ------------------------------------------------------------------
  function openEditor(id) {
    current = id;
    // While the editor is open the annotator rests: moving the focus into the editor would
    // otherwise read as a new, empty selection and drop the passage just chosen.
    anno.setAnnotatingEnabled(false);
    const annotation = anno.getAnnotationById(id);
    const kit = kitById.get(id);
    const quote = annotation ? annotation.target.selector.map((s) => s.quote).join(" … ") : "";
    $("editor-quote").textContent = "“" + quote + "”";
    $("editor-kit").hidden = !kit;
    $("editor-own").hidden = !!kit;
    $("editor-problem").textContent = "";
    if (kit) {
      $("editor-kit-text").textContent = data.kitLabels[id] + ": " + kit.body[0].value;
    } else {
      const note = notes.get(toW3CId(id));
      noteField.value = note ? note.body[0].value : "";
    }
    editor.hidden = false;
    (kit ? $("close-kit") : noteField).focus();
  }

  function closeEditor() {
    const id = current;
    current = null;
    editor.hidden = true;
    // A new selection that was never saved is not a note.
    if (id && !kitIds.has(id) && !notes.has(toW3CId(id)) && anno.getAnnotationById(id)) {
      anno.removeAnnotation(id);
    }
    anno.cancelSelected();
    anno.setAnnotatingEnabled(student !== null);
  }

  anno.on("createAnnotation", (annotation) => {
    if (!student) {
      anno.removeAnnotation(annotation.id);
      return;
    }
    say("");
    const [w3c, problem] = toW3C(annotation, "");
    if (!w3c) {
      say(problem, true);
      anno.removeAnnotation(annotation.id);
      return;
    }
    // The annotator settles a selection's target a moment after the mouse is let go.
    setTimeout(() => openEditor(annotation.id), 60);
  });
  anno.on("selectionChanged", (selected) => {
    if (selected.length === 1 && selected[0].id !== current && anno.getAnnotationById(selected[0].id)) {
      setTimeout(() => openEditor(selected[0].id), 60);
    }
  });

  $("save-note").addEventListener("click", () => {
    const annotation = anno.getAnnotationById(current);
    if (!annotation || !student) return closeEditor();
    const value = noteField.value.trim();
    const length = [...value].length;
    if (length > data.noteLimit) {
      $("editor-problem").textContent = "A note can be at most " + data.noteLimit
        + " characters long; this one has " + length + ". Shorten it, or split it in two.";
      return;
    }
    const [w3c, problem] = toW3C(annotation, value);
    if (!w3c) {
      say(problem, true);
      return closeEditor();
    }
    if (w3c.id !== annotation.id) {
      // Kept under its W3C id from now on, so that it is found again after a reload.
      anno.removeAnnotation(annotation.id);
      anno.addAnnotation(toRecogito(w3c));
    }
    notes.set(w3c.id, w3c);
    current = w3c.id;
    if (storeNote(w3c)) say("Note saved (" + plural(notes.size, "note") + " of " + student.name + ").");
    renderLists();
    closeEditor();
  });
  $("delete-note").addEventListener("click", () => {
    const id = toW3CId(current);
    if (notes.delete(id)) {
      forgetNote(id);
      say("Note deleted.");
    }
    if (anno.getAnnotationById(current)) anno.removeAnnotation(current);
    renderLists();
    closeEditor();
  });
  $("cancel-note").addEventListener("click", closeEditor);
  $("close-kit").addEventListener("click", closeEditor);
  editor.addEventListener("keydown", (e) => { if (e.key === "Escape") closeEditor(); });
  showKit.addEventListener("change", applyKitToggle);

  function applyKitToggle() {
    anno.setFilter(showKit.checked ? undefined : (a) => !kitIds.has(a.id));
    for (const list of document.querySelectorAll(".kit-notes")) list.hidden = !showKit.checked;
  }

  // ---- download and clear ---------------------------------------------------------------
  function inTextOrder(a, b) {
    const at = (n) => n.target.selector.find((s) => s.type === "TextPositionSelector").start;
    return a.target.source.localeCompare(b.target.source) || at(a) - at(b);
  }

  $("download").addEventListener("click", () => {
    if (!student) return;
    if (!notes.size) {
      say(student.name + " has no notes to download yet: select a passage to add one.", true);
      return;
    }
    const items = [...notes.values()].sort(inTextOrder)
      .map((a) => ({ ...a, creator: { type: "Person", name: student.name } }));
    const collection = {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      label: "Notes by " + student.name + " on the Declaration of 46",
      total: items.length,
      items: items,
    };
    const blob = new Blob([JSON.stringify(collection, null, 2) + "\n"],
      { type: "application/ld+json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileNameOf(student.name);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    say("Downloaded " + plural(items.length, "note") + " of " + student.name + " as "
      + link.download + ".");
  });

  const confirmClear = $("confirm-clear");
  $("clear").addEventListener("click", () => {
    if (!student) return;
    if (!notes.size) {
      say(student.name + " has no notes in this browser to clear.");
      return;
    }
    const which = notes.size === 1 ? "the one note" : "all " + notes.size + " notes";
    $("confirm-clear-text").textContent = "Clear " + which + " of " + student.name
      + " from this browser? " + (notes.size === 1 ? "It" : "They") + " cannot be brought "
      + "back, unless you have downloaded " + (notes.size === 1 ? "it." : "them.");
    confirmClear.showModal();
    $("clear-no").focus();
  });
  $("clear-no").addEventListener("click", () => confirmClear.close());
  $("clear-yes").addEventListener("click", () => {
    confirmClear.close();
    if (!student) return;
    if (current !== null) closeEditor();
    const shown = new Set(notes.keys());
    if (!writeStore((items) => items.filter((i) => !i || !shown.has(i.id)))) return;
    for (const id of shown) {
      if (anno.getAnnotationById(id)) anno.removeAnnotation(id);
    }
    notes = new Map();
    renderLists();
    say(student.name + "'s notes are cleared from this browser.");
    $("clear").focus();
  });

  // The notes beside each paragraph: the student's (a button each, to edit) and the kit's.
  function renderLists() {
    for (const list of document.querySelectorAll("ol.my-notes")) list.replaceChildren();
    const sorted = [...notes.values()].sort(inTextOrder);
    for (const note of sorted) {
      const pid = note.target.source.slice(PREFIX.length);
      const list = document.querySelector("#para-" + CSS.escape(pid) + " ol.my-notes");
      if (!list) continue;
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "linklike";
      const quote = note.target.selector.find((s) => s.type === "TextQuoteSelector").exact;
      button.textContent = "“" + quote + "”";
      button.setAttribute("aria-label", "Edit your note on " + button.textContent);
      button.addEventListener("click", () => {
        if (anno.getAnnotationById(note.id)) openEditor(note.id);
      });
      const who = document.createElement("span");
      who.className = "who mine";
      who.textContent = "you";
      item.append(who, button, " " + note.body[0].value);
      list.append(item);
    }
    $("count").textContent = String(notes.size);
  }

  adoptLegacyNotes();
  let resumed = null;
  try {
    resumed = sessionStorage.getItem(CURRENT);
  } catch (e) { /* no session: the name is asked for */ }
  const again = resumed === null ? null : checkName(resumed)[0];
  if (again) {
    start(again);
  } else {
    renderLists();
  }
})();
