"""The data-package machinery behind :func:`decl46.open_data` (private: nothing but
:mod:`decl46.dataset` imports it).

- :mod:`.locations`: which data folder to read (given, ``$DECL46_DATA``, or shipped);
- :mod:`.descriptor`: ``datapackage.json`` read, every value checked before use;
- :mod:`.schema`: what it declares: the package, its tables, fields and vocabularies;
- :mod:`.partial_dates`: dates known to the year, month or day, as the package writes them;
- :mod:`.csv_reader`: one CSV file parsed into typed columns, every problem collected;
- :mod:`.rules`: the checks across rows and tables (keys, references, the kit's rules);
- :mod:`.folder`: a whole folder read (each file once) and checked.
"""
