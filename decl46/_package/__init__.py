"""The data-package machinery behind the loaders (private: use the public ``decl46`` API).

- :mod:`.locations`: which data directory to read (given, ``$DECL46_DATA``, or shipped);
- :mod:`.descriptor`: ``datapackage.json`` read into tables, fields and vocabularies;
- :mod:`.csv_reader`: one CSV file parsed into typed columns, every problem collected;
- :mod:`.rules`: the checks across rows and tables (keys, references, the kit's rules);
- :mod:`.cache`: a whole directory read, checked and cached by content.
"""
