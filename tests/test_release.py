"""A release is written once and agrees everywhere: the version and its date, the licences
of each part, the Zenodo record, the changelog.

- The version is pyproject.toml's; CITATION.cff, .zenodo.json, data/datapackage.json, the
  accessibility statement, the installed package (``decl46.__version__``) and the newest
  entry of CHANGELOG.md say the same, and the release date agrees in all that carry one.
- The licences: the distribution's licence is a valid SPDX expression whose parts are the
  code's (MIT), the text's (CC BY-SA 4.0) and the one table under neither, each explained
  in a licence file the wheel carries; every notebook's metadata names the text's licence,
  and a notebook that prints Max Eastman's translation says that licence does not cover
  it; each folder's licence is stated where a user looks (LICENSE files, README).
- .zenodo.json has what Zenodo needs for a DOI record, from CITATION.cff.
The site's footer and catalogue metadata are checked on the built site
(tests/test_site_metadata.py); the built wheel and sdist in tests/test_wheel.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.licenses import canonicalize_license_expression
from packaging.version import Version

import decl46

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
# Keep a Changelog's kinds of change, in its order.
KINDS = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]
RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})$")


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def zenodo() -> dict:
    return json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def changelog_releases(text: str) -> list[dict]:
    """The releases of a Keep a Changelog file, newest first: version, date and the items
    under each kind of change. A heading or a kind out of the form is a ValueError."""
    releases: list[dict] = []
    kind = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            if line == "## [Unreleased]":
                releases.append({"version": None, "date": None, "kinds": {}})
                continue
            found = RELEASE.match(line)
            if not found:
                raise ValueError(
                    f"CHANGELOG.md, line {number}: {line!r} is not '## [x.y.z] - date'"
                )
            releases.append({**found.groupdict(), "kinds": {}})
            kind = None
        elif line.startswith("### "):
            kind = line[4:].strip()
            if not releases or kind not in KINDS:
                raise ValueError(f"CHANGELOG.md, line {number}: {kind!r} is not one of {KINDS}")
            if kind in releases[-1]["kinds"]:
                raise ValueError(f"CHANGELOG.md, line {number}: a second '### {kind}'")
            releases[-1]["kinds"][kind] = []
        elif kind and re.match(r"^\s*- ", line):
            releases[-1]["kinds"][kind].append(line.strip()[2:])
    return releases


@pytest.fixture(scope="module")
def releases() -> list[dict]:
    return changelog_releases((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))


# --- the version and its date -------------------------------------------------------------


def test_the_version_agrees_everywhere_it_is_written(project, cff, zenodo, descriptor, releases):
    version = project["version"]
    assert str(Version(version)) == version  # a plain PEP 440 version, written canonically
    newest = next(r for r in releases if r["version"])
    written = {
        "CITATION.cff": cff["version"],
        ".zenodo.json": zenodo["version"],
        "data/datapackage.json": descriptor["version"],
        "CHANGELOG.md": newest["version"],
        "decl46.__version__": decl46.__version__,
    }
    # If only decl46.__version__ differs, the installed package is stale: reinstall (make).
    assert written == dict.fromkeys(written, version)
    statement = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    assert f"version {version} of the kit" in statement


def test_the_release_date_agrees_with_the_changelog(cff, zenodo, releases):
    newest = next(r for r in releases if r["version"])
    assert cff["date-released"] == zenodo["publication_date"] == newest["date"]


def test_the_version_is_read_only_when_asked_for():
    # Importing the package reads no file: the version comes from the installed package's
    # metadata on first use of decl46.__version__.
    code = (
        "import decl46; assert '__version__' not in vars(decl46); "
        "v = decl46.__version__; assert vars(decl46)['__version__'] == v; print(v)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == decl46.__version__


def test_an_uninstalled_copy_says_why_it_has_no_version(tmp_path):
    # A copy of the package that is not installed: a clear error, not a made-up version.
    import shutil

    shutil.copytree(ROOT / "decl46", tmp_path / "decl46", ignore=shutil.ignore_patterns("data"))
    code = "import decl46\ntry:\n    decl46.__version__\nexcept ImportError as e:\n    print(e)"
    env = {"PYTHONPATH": str(tmp_path), "PYTHONNOUSERSITE": "1"}
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "without being installed" in result.stdout and "make lab" in result.stdout


# --- the changelog --------------------------------------------------------------------------


def test_the_changelog_follows_keep_a_changelog(releases):
    versions = [Version(r["version"]) for r in releases if r["version"]]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    dates = [r["date"] for r in releases if r["version"]]
    assert dates == sorted(dates, reverse=True)
    for release in releases:
        if release["version"]:
            assert release["kinds"], f"[{release['version']}] says nothing of what changed"
        for kind, items in release["kinds"].items():
            assert items, f"[{release['version']}] has an empty '### {kind}'"
            assert list(release["kinds"]) == [k for k in KINDS if k in release["kinds"]]


def test_the_changelog_check_catches_what_is_out_of_form():
    good = "# Changelog\n\n## [0.2.0] - 2026-12-07\n\n### Added\n\n- a\n"
    assert changelog_releases(good)[0]["kinds"] == {"Added": ["a"]}
    for bad, message in [
        ("## 0.2.0 - 2026-12-07\n", "is not '## \\[x.y.z\\] - date'"),
        ("## [0.2.0] - 7 December 2026\n", "is not"),
        ("## [0.2.0] - 2026-12-07\n### Improved\n- a\n", "'Improved' is not one of"),
        ("## [0.2.0] - 2026-12-07\n### Added\n- a\n### Added\n- b\n", "a second '### Added'"),
    ]:
        with pytest.raises(ValueError, match=message):
            changelog_releases(bad)


# --- the licences ---------------------------------------------------------------------------


def licence_ids(expression: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9.+-]+", expression)) - {"AND", "OR", "WITH"}


def test_the_distributions_licence_is_a_valid_spdx_expression_with_its_files(project):
    expression = project["license"]
    assert canonicalize_license_expression(expression) == expression
    assert licence_ids(expression) == {"MIT", "CC-BY-SA-4.0", "LicenseRef-Public-Domain-US"}
    files = {path: (ROOT / path).read_text(encoding="utf-8") for path in project["license-files"]}
    assert "Permission is hereby granted, free of charge" in files["LICENSE"]
    legal_code = files["LICENSES/CC-BY-SA-4.0.txt"]
    assert legal_code.startswith("Attribution-ShareAlike 4.0 International")
    assert "Section 8 -- Interpretation." in legal_code
    # A licence of the kit's own naming is explained in a file the wheel carries.
    for ref in (i for i in licence_ids(expression) if i.startswith("LicenseRef-")):
        assert any(ref in text for text in files.values()), ref


def test_the_citation_and_the_zenodo_record_name_the_same_licences(project, cff, zenodo):
    spdx = {i for i in licence_ids(project["license"]) if not i.startswith("LicenseRef-")}
    assert set(cff["license"]) == spdx
    # Zenodo takes one licence: the text's, which covers the record as a whole (the code's
    # MIT licence lets it be shared under CC BY-SA too); the README says why.
    assert zenodo["license"] == "cc-by-sa-4.0" and zenodo["license"].upper() in spdx
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Zenodo" in readme and "CC BY-SA 4.0" in readme


def test_the_data_packages_licences_are_stated_in_the_datas_licence_file(descriptor):
    text = (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    (package,) = descriptor["licenses"]
    assert package["name"] == "CC-BY-SA-4.0" and package["path"] in text
    for resource in descriptor["resources"]:
        for licence in resource.get("licenses", []):
            # A table under another licence than the package's is named, with it.
            assert licence != package
            assert resource["path"] in text
            assert "LicenseRef-Public-Domain-US" in text


def prints_eastman(path: Path) -> bool:
    """Whether a notebook prints Eastman's passages: a code cell loads them, or an output
    shows one (its opening words). Prose that names the table does not print it."""
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    outputs = json.dumps([c.outputs for c in code], ensure_ascii=False)
    openings = [p.lstrip('“"')[:30] for p in decl46.load_trotsky_letter()["text"]]
    return any("load_trotsky_letter(" in c.source for c in code) or any(
        o in outputs for o in openings
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_names_its_licence_and_what_it_does_not_cover(path, descriptor):
    notebook = nbformat.read(path, as_version=4)
    (package,) = descriptor["licenses"]
    licence = notebook.metadata.get("license")
    wanted = {"name": package["name"], "path": package["path"]}
    title = "Creative Commons Attribution-ShareAlike 4.0 International"
    assert isinstance(licence, dict), (
        f'{path.name}: add to its metadata "license": {json.dumps({**wanted, "title": title})}'
        " (notebooks/LICENSE.md)"
    )
    assert {k: licence.get(k) for k in wanted} == wanted
    exceptions = " ".join(licence.get("exceptions", []))
    assert ("data/trotsky_letter.csv" in exceptions) == prints_eastman(path)


def test_each_part_states_its_licence_where_a_user_looks():
    top = (ROOT / "LICENSE").read_text(encoding="utf-8")
    for part in ["decl46/", "tools/", "data/", "notebooks/", "docs/", "data/trotsky_letter.csv"]:
        assert part in top, part
    for folder in ["data", "notebooks", "docs"]:
        text = (ROOT / folder / "LICENSE.md").read_text(encoding="utf-8")
        assert "https://creativecommons.org/licenses/by-sa/4.0/" in text, folder
        assert "LICENSES/CC-BY-SA-4.0.txt" in text, folder
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in ["LICENSE", "data/LICENSE.md", "notebooks/LICENSE.md", "docs/LICENSE.md"]:
        assert f"]({link})" in readme, link
    # What a teacher may do with the lessons, in the README's own words.
    words = " ".join(readme.split())
    assert "copy the lessons, adapt them" in words and "under the same licence" in words
    assert "](docs/accessibility.md)" in readme and "](CHANGELOG.md)" in readme


# --- the Zenodo record -----------------------------------------------------------------------

# Zenodo's deposit metadata: the kinds of upload and the relations it accepts.
UPLOAD_TYPES = {
    "publication", "poster", "presentation", "dataset", "image", "video", "software",
    "lesson", "physicalobject", "other",
}  # fmt: skip
RELATIONS = {
    "isCitedBy", "cites", "isSupplementTo", "isSupplementedBy", "isContinuedBy", "continues",
    "isDescribedBy", "describes", "hasMetadata", "isMetadataFor", "isNewVersionOf",
    "isPreviousVersionOf", "isPartOf", "hasPart", "isReferencedBy", "references",
    "isDocumentedBy", "documents", "isCompiledBy", "compiles", "isVariantFormOf",
    "isOriginalFormOf", "isIdenticalTo", "isAlternateIdentifier", "isReviewedBy", "reviews",
    "isDerivedFrom", "isSourceOf", "requires", "isRequiredBy", "isObsoletedBy", "obsoletes",
}  # fmt: skip


def test_the_zenodo_record_has_what_a_doi_record_needs(zenodo, cff, descriptor):
    for key in ["title", "upload_type", "description", "creators", "license", "keywords"]:
        assert zenodo.get(key), key
    assert zenodo["title"] == cff["title"]
    assert zenodo["upload_type"] in UPLOAD_TYPES
    assert zenodo["access_right"] == "open" and zenodo["language"] == "eng"
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["keywords"] == cff["keywords"]
    assert "CC BY-SA 4.0" in zenodo["description"] and "MIT" in zenodo["description"]
    for related in zenodo["related_identifiers"]:
        assert related["relation"] in RELATIONS and related["identifier"]
    # The record is derived from the article the text comes from.
    derived = {
        r["identifier"] for r in zenodo["related_identifiers"] if r["relation"] == "isDerivedFrom"
    }
    assert {s["path"] for s in descriptor["sources"] if "path" in s} <= derived
