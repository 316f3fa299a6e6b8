"""The printed handouts (``make handouts``, tools/build_handouts.py): each lesson read from
its notebook by tags and headings (:mod:`.lesson`), its code run once to redraw the figures
at print resolution (:mod:`.execute`), the teacher guide's section for it (:mod:`.guide`),
HTML pages for the student and the teacher (:mod:`.render`, templates and print style
sheet beside them) and the browser's print to PDF (:mod:`.pdf`)."""
