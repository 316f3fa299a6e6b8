// The annotation page: a student selects a passage of the declaration, writes a note, and
// downloads their notes as W3C Web Annotations, in the shape of the kit's own export
// (decl46.annotations_jsonld): target urn:decl46:paragraph:<id>, a TextQuoteSelector and a
// TextPositionSelector with offsets in the paragraph's text. The notes are kept in this
// browser (localStorage). The selection is Recogito's text annotator (vendor/recogito/).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("decl46-data").textContent);
  const STORE = "decl46-student-notes";
  const NAME = "decl46-student-name";
  const PREFIX = "urn:decl46:paragraph:";
  const CONTEXT = 32; // characters of prefix and suffix, as in the kit's export
  const container = document.getElementById("text");
  const editor = document.getElementById("editor");
  const noteField = document.getElementById("note");
  const message = document.getElementById("message");
  const nameField = document.getElementById("student-name");
  const showKit = document.getElementById("show-kit");
  const kitIds = new Set(data.kit.map((a) => a.id));
  const kitById = new Map(data.kit.map((a) => [a.id, a]));
  let notes = load(); // the student's notes, as W3C annotations, by id
  let current = null; // the id of the annotation in the editor

  const anno = RecogitoJS.createTextAnnotator(container, {
    offsetReferenceSelector: "p.text",
    userSelectAction: (a) => (kitIds.has(a.id) ? "SELECT" : "EDIT"),
    style: (a) =>
      kitIds.has(a.id)
        ? { fill: "#6baed6", fillOpacity: 0.3, underlineColor: "#2171b5", underlineThickness: 2 }
        : { fill: "#f6c744", fillOpacity: 0.55 },
  });
  anno.setAnnotations([...data.kit, ...notes.values()].map(toRecogito), true);
  applyKitToggle();
  nameField.value = localStorage.getItem(NAME) || "";

  function load() {
    try {
      const items = JSON.parse(localStorage.getItem(STORE) || "[]");
      return new Map(items.filter((a) => a.target.source.slice(PREFIX.length) in data.paragraphs)
        .map((a) => [a.id, a]));
    } catch (e) {
      return new Map();
    }
  }

  function save() {
    localStorage.setItem(STORE, JSON.stringify([...notes.values()]));
    renderLists();
  }

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
          offsetReference: document.getElementById("text-" + pid) }],
      },
    };
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
    const name = nameField.value.trim();
    const old = notes.get(annotation.id);
    return [{
      id: annotation.id.startsWith("urn:") ? annotation.id : "urn:uuid:" + annotation.id,
      type: "Annotation",
      motivation: "commenting",
      created: old ? old.created : new Date().toISOString(),
      ...(name ? { creator: { type: "Person", name: name } } : {}),
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

  function openEditor(id) {
    current = id;
    // While the editor is open the annotator rests: moving the focus into the editor would
    // otherwise read as a new, empty selection and drop the passage just chosen.
    anno.setAnnotatingEnabled(false);
    const annotation = anno.getAnnotationById(id);
    const kit = kitById.get(id);
    const quote = annotation ? annotation.target.selector.map((s) => s.quote).join(" … ") : "";
    document.getElementById("editor-quote").textContent = "“" + quote + "”";
    document.getElementById("editor-kit").hidden = !kit;
    document.getElementById("editor-own").hidden = !!kit;
    if (kit) {
      document.getElementById("editor-kit-text").textContent =
        data.kitLabels[id] + ": " + kit.body[0].value;
    } else {
      const note = notes.get(toW3CId(id));
      noteField.value = note ? note.body[0].value : "";
    }
    editor.hidden = false;
    (kit ? document.getElementById("close-kit") : noteField).focus();
  }

  function toW3CId(id) {
    return id.startsWith("urn:") ? id : "urn:uuid:" + id;
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
    anno.setAnnotatingEnabled(true);
  }

  anno.on("createAnnotation", (annotation) => {
    message.textContent = "";
    message.className = "";
    const [w3c, problem] = toW3C(annotation, "");
    if (!w3c) {
      message.textContent = problem;
      message.className = "problem";
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

  document.getElementById("save-note").addEventListener("click", () => {
    const annotation = anno.getAnnotationById(current);
    if (!annotation) return closeEditor();
    const [w3c, problem] = toW3C(annotation, noteField.value.trim());
    if (!w3c) {
      message.textContent = problem;
      return closeEditor();
    }
    if (w3c.id !== annotation.id) {
      // Stored under its W3C id from now on, so that it is found again after a reload.
      anno.removeAnnotation(annotation.id);
      anno.addAnnotation(toRecogito(w3c));
    }
    notes.set(w3c.id, w3c);
    save();
    message.textContent = "Note saved (" + notes.size + " in this browser).";
    current = w3c.id;
    closeEditor();
  });
  document.getElementById("delete-note").addEventListener("click", () => {
    const id = toW3CId(current);
    notes.delete(id);
    save();
    if (anno.getAnnotationById(current)) anno.removeAnnotation(current);
    closeEditor();
  });
  document.getElementById("cancel-note").addEventListener("click", closeEditor);
  document.getElementById("close-kit").addEventListener("click", closeEditor);
  editor.addEventListener("keydown", (e) => { if (e.key === "Escape") closeEditor(); });
  nameField.addEventListener("change", () => localStorage.setItem(NAME, nameField.value.trim()));
  showKit.addEventListener("change", applyKitToggle);

  function applyKitToggle() {
    anno.setFilter(showKit.checked ? undefined : (a) => !kitIds.has(a.id));
    for (const list of document.querySelectorAll(".kit-notes")) list.hidden = !showKit.checked;
  }

  document.getElementById("download").addEventListener("click", () => {
    const given = nameField.value.trim();
    const name = given || "student";
    const items = [...notes.values()].sort((a, b) =>
      a.target.source.localeCompare(b.target.source) ||
      a.target.selector[1].start - b.target.selector[1].start)
      .map((a) => (given ? { ...a, creator: { type: "Person", name: given } } : a));
    const collection = {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      label: "Notes by " + name + " on the Declaration of 46",
      total: items.length,
      items: items,
    };
    const blob = new Blob([JSON.stringify(collection, null, 2) + "\n"],
      { type: "application/ld+json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name.toLowerCase().replace(/[^a-z0-9\u0400-\u04ff]+/g, "_") + ".jsonld";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // The notes beside each paragraph: the student's (a button each, to edit) and the kit's.
  function renderLists() {
    for (const list of document.querySelectorAll("ol.my-notes")) list.replaceChildren();
    const sorted = [...notes.values()].sort((a, b) =>
      a.target.selector[1].start - b.target.selector[1].start);
    for (const note of sorted) {
      const pid = note.target.source.slice(PREFIX.length);
      const list = document.querySelector("#para-" + pid + " ol.my-notes");
      if (!list) continue;
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "linklike";
      button.textContent = "“" + note.target.selector[0].exact + "”";
      button.setAttribute("aria-label", "Edit your note on " + button.textContent);
      button.addEventListener("click", () => {
        const id = anno.getAnnotationById(note.id) ? note.id : null;
        if (id) openEditor(id);
      });
      const who = document.createElement("span");
      who.className = "who mine";
      who.textContent = "you";
      item.append(who, button, " " + note.body[0].value);
      list.append(item);
    }
    document.getElementById("count").textContent = String(notes.size);
  }
  renderLists();
})();
