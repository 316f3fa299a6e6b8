# Two commands do all the set-up on a fresh machine:
#   make lab    opens the kit in JupyterLab
#   make test   runs every check (make check: the quick part, no browser, npm or root)
# Both install exactly the versions in uv.lock into .venv, and do nothing more when
# neither pyproject.toml nor uv.lock changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The Citation File Format schema the tests check CITATION.cff against (see its rule below).
CFFCONVERT_VERSION := 2.0.0
CFF_SCHEMA := build/cff/schema-1.2.0.json
# axe-core for the accessibility tests (its rule is at the end).
AXE_VERSION := 4.14.1
AXE := build/axe/axe.min.js
# JupyterLab refuses to start as root unless told; CI runs as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# make lab PORT=9000 ARGS='--no-browser'; make app PORT=9000 ARGS='--Voila.ip=0.0.0.0'
PORT ?=
ARGS ?=

.PHONY: lab test check lint format clean data-readme notebooks normalize-notebooks student axe \
	app site browser bench lock upgrade test-latest offline-ready handouts

# --- The environment -------------------------------------------------------------------
# The installer is pinned: uv $(UV_VERSION), in a small venv of its own (.uv/), so that
# syncing .venv never removes or replaces the tool doing the syncing.
UV_VERSION := 0.13.9
UV_HOME    := .uv
UV         := $(UV_HOME)/bin/uv
UV_STAMP   := $(UV_HOME)/.uv-$(UV_VERSION)
export UV_PROJECT_ENVIRONMENT := $(VENV)
LAB_STAMP  := $(VENV)/.synced-lab
TEST_STAMP := $(VENV)/.synced-test
HANDOUTS_STAMP := $(VENV)/.synced-handouts

$(UV_STAMP):
	rm -rf $(UV_HOME)
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	touch $@

# One line, not uv's resolver output, when someone edited the dependencies without locking.
LOCK_CHECK = @$(UV) lock --check --quiet 2>/dev/null || { \
	echo "pyproject.toml and uv.lock disagree: run 'make lock' (or 'make upgrade') and commit uv.lock"; exit 1; }

# --compile-bytecode: this machine sets PYTHONDONTWRITEBYTECODE, and without .pyc files
# every kernel start would recompile pandas and matplotlib.
SYNC = $(UV) sync --locked --quiet --python $(PYTHON) --compile-bytecode

# A class needs the library and JupyterLab/Voilà only. --inexact: a venv that make test
# has already filled is left as it is, so make lab and make test never undo each other.
# Every kernel of the environment (JupyterLab, Voilà, nbval, make notebooks) reads the
# IPython settings in tools/ipython_kernel_config.py from .venv/etc/ipython/.
KERNEL_CONFIG = mkdir -p $(VENV)/etc/ipython && cp tools/ipython_kernel_config.py $(VENV)/etc/ipython/
# Every JupyterLab of the environment reads the kit's default settings from
# tools/jupyterlab_overrides.json (its overrides.json): no news question, no update check,
# and Markdown (the codebook, the teacher guide, the glossary) opens rendered, not as source.
LAB_SETTINGS = mkdir -p $(VENV)/share/jupyter/lab/settings && \
	cp tools/jupyterlab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
# The kit's own modules compiled too (uv compiles only what it installs; an editable
# install leaves decl46/ as source, recompiled on every import under PYTHONDONTWRITEBYTECODE).
COMPILE_KIT = $(BIN)/python -m compileall -q decl46

$(LAB_STAMP): pyproject.toml uv.lock tools/ipython_kernel_config.py tools/jupyterlab_overrides.json $(UV_STAMP)
	$(LOCK_CHECK)
	$(SYNC) --inexact --extra lab
	$(KERNEL_CONFIG)
	$(LAB_SETTINGS)
	$(COMPILE_KIT)
	touch $@

$(TEST_STAMP): pyproject.toml uv.lock tools/ipython_kernel_config.py tools/jupyterlab_overrides.json $(UV_STAMP)
	$(LOCK_CHECK)
	$(SYNC) --extra lab --extra test
	$(KERNEL_CONFIG)
	$(LAB_SETTINGS)
	$(COMPILE_KIT)
	touch $@ $(LAB_STAMP) $(HANDOUTS_STAMP)

# Printing the handouts needs Playwright too (the handouts extra; the test extra has it).
$(HANDOUTS_STAMP): pyproject.toml uv.lock tools/ipython_kernel_config.py tools/jupyterlab_overrides.json $(UV_STAMP)
	$(LOCK_CHECK)
	$(SYNC) --inexact --extra lab --extra handouts
	$(KERNEL_CONFIG)
	$(LAB_SETTINGS)
	$(COMPILE_KIT)
	touch $@ $(LAB_STAMP)

# Update uv.lock after editing the dependencies in pyproject.toml (keeps other versions).
lock: $(UV_STAMP)
	$(UV) lock

# Newest versions of everything: re-lock, re-execute the notebooks with them, show what
# changed. Review the diff, run make test, commit uv.lock with the notebooks.
upgrade: $(UV_STAMP)
	mkdir -p build && cp uv.lock build/uv.lock.before
	$(UV) lock --upgrade
	$(MAKE) --no-print-directory notebooks
	@echo; git diff --stat
	@echo; $(UV_HOME)/bin/python tools/lock_changes.py build/uv.lock.before uv.lock

# The whole suite against the newest versions, in a throwaway copy of the working tree
# (build/latest/, its own .venv), so that an upstream break shows here before a user
# meets it. Not part of make test; uv.lock is left alone.
LATEST := build/latest
test-latest: $(UV_STAMP)
	rm -rf $(LATEST) && mkdir -p $(LATEST)
	git ls-files -z | tar --null -T - -cf - | tar -xf - -C $(LATEST)
	cd $(LATEST) && $(abspath $(UV)) lock --upgrade --quiet
	@$(UV_HOME)/bin/python tools/lock_changes.py uv.lock $(LATEST)/uv.lock
	$(MAKE) --no-print-directory -C $(LATEST) test UV=$(abspath $(UV)) UV_STAMP=$(abspath $(UV_STAMP))

# --- Using the kit ----------------------------------------------------------------------
# JupyterLab at the top of the kit, so that the codebook (data/README.md) and the teacher
# guide (docs/teacher_guide.md) are in its file browser; it opens on the first lesson. It
# fetches no news and checks for no update, as on the hub: nothing leaves the machine.
FIRST_LESSON := notebooks/00_start_here.ipynb
lab: $(LAB_STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(FIRST_LESSON) \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
		$(if $(PORT),--port=$(PORT)) $(ROOT_FLAG) $(ARGS)

# The explorer notebook as an app with no code showing (deploy/voila.py; its page asks
# nothing of a CDN, deploy/jupyter/voila/templates/decl46).
app: $(LAB_STAMP)
	$(BIN)/voila notebooks/05_explorer.ipynb --no-browser --Voila.config_file_paths=deploy \
		$(if $(PORT),--port=$(PORT)) $(ARGS)

# Student copies: the notebooks without the cells tagged "solution", in build/student/.
STUDENT_DIR ?= build/student
student: $(LAB_STAMP)
	$(BIN)/jupyter nbconvert --to notebook --output-dir $(STUDENT_DIR) \
		--TagRemovePreprocessor.enabled=True \
		--TagRemovePreprocessor.remove_cell_tags solution \
		notebooks/*.ipynb

# Printed handouts in build/handouts/ (tools/build_handouts.py): for every lesson a
# student's copy (the question, the documents, the figures with their text versions, the
# exercises with room to write, the discussion questions; no solution, no code) and a
# teacher's copy (the same with the guide's plan, timings and model answers, and the
# solutions' outputs), each as PDF on A4 and on US Letter, printed by chromium offline.
HANDOUTS ?= build/handouts
handouts: $(HANDOUTS_STAMP) browser
	$(BIN)/python tools/build_handouts.py $(HANDOUTS)

# --- Checks -----------------------------------------------------------------------------
# Tests that need a browser, npm, a network namespace, or that build venvs and execute
# notebooks, carry these marks (pyproject.toml); make check leaves them out.
QUICK := not browser and not npm and not netns and not slow

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nbstripout --verify $(NBSTRIPOUT_FLAGS) notebooks/*.ipynb

# Runs without root, chromium, npm or unshare (macOS, Ubuntu), in under a minute: the
# tests are spread over every core (pytest-xdist), each worker taking the next test when it
# is free; nbval's plugin, which nothing here uses, is not loaded.
check: lint $(CFF_SCHEMA)
	$(BIN)/pytest -n auto --dist worksteal -p no:nbval -m "$(QUICK)"

# Everything. First the notebook pass: every notebook executed once (nbclient, as make
# notebooks does), with the network cut; each cell's outputs compared with the stored ones
# and the normalised run with the committed file, byte for byte, a difference shown as
# nbdime's diff (tests/notebook_pass.py). Then every other test, over every core; the
# browser tests share one JupyterLab server, so they stay together (xdist_group "browser").
test: lint offline-ready browser site $(AXE) $(CFF_SCHEMA) hub-env hub-proxy
	tools/offline $(BIN)/pytest --byte-for-byte --offline notebooks
	$(BIN)/pytest -n auto --dist loadgroup

# The notebook pass runs in a new network namespace (unshare, util-linux; ip, iproute2).
offline-ready:
	@tools/offline true 2>/dev/null || { echo "make test cuts the network with 'unshare -rn' and 'ip': install util-linux and iproute2, and allow unprivileged user namespaces (Ubuntu: sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0)"; exit 1; }

# Keep outputs, execution counts (nbval needs them) and the widget state (JupyterLab and
# the static site draw widgets from it before a kernel runs); strip everything else. The
# Python version in language_info stays: JupyterLab writes the kernel's version there when
# a notebook opens, and a notebook without it would show as modified the moment it opens.
# (The notebook pass compares a run under another Python with the version set aside.)
NBSTRIPOUT_FLAGS := --keep-output --keep-count --keep-metadata-keys metadata.widgets

# Re-execute every notebook top to bottom in a fresh kernel, then normalise. Run before
# committing them.
NOTEBOOK_DIR ?= notebooks
NOTEBOOKS    ?= $(NOTEBOOK_DIR)/*.ipynb
notebooks: $(TEST_STAMP)
	$(BIN)/python tools/link_glossary.py $(NOTEBOOKS)
	$(BIN)/python tools/hide_solutions.py $(NOTEBOOKS)
	$(BIN)/ruff check --fix --quiet $(NOTEBOOKS)
	$(BIN)/ruff format --quiet $(NOTEBOOKS)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace $(NOTEBOOKS)
	@$(MAKE) --no-print-directory normalize-notebooks NOTEBOOKS='$(NOTEBOOKS)'

# What make notebooks does to a notebook besides executing it; the notebook pass applies
# the same to what it executed before comparing. Strips volatile metadata (cell ids are
# kept; timings go), joins a cell's consecutive stream outputs (tools/coalesce_streams.py),
# renames widget models by where they stand (tools/normalize_widget_ids.py).
normalize-notebooks:
	$(BIN)/ruff check --fix --quiet $(NOTEBOOKS)
	$(BIN)/ruff format --quiet $(NOTEBOOKS)
	$(BIN)/python tools/coalesce_streams.py $(NOTEBOOKS)
	$(BIN)/nbstripout $(NBSTRIPOUT_FLAGS) $(NOTEBOOKS)
	$(BIN)/python tools/normalize_widget_ids.py $(NOTEBOOKS)

# Static HTML of every notebook in build/site/ (nbconvert, tools/site_template/decl46), with
# an index, links between the pages, and the widget state embedded and readable offline: require.js and the widget renderer come from the npm registry into
# build/site/vendor/ instead of being loaded from a CDN. The site's own pages
# (tools/build_site_pages.py) are the timeline, drawn by TimelineJS, and the annotation
# page, where students annotate the text with Recogito's text annotator; both come from
# the npm registry into vendor/ too.
SITE    := build/site
VENDOR  := $(SITE)/vendor
HTML_MANAGER_VERSION := 1.0.15
REQUIREJS_VERSION    := 2.3.8
TIMELINEJS_VERSION   := 3.9.11
RECOGITO_VERSION     := 4.1.1
# Three of the four npm packages carry no licence file: their licences are copied in from
# tools/site_licences/ (see its README), and the build refuses a package without one.
$(VENDOR)/.stamp: Makefile $(wildcard tools/site_licences/*/LICENSE)
	@command -v npm > /dev/null || { echo "make site needs npm (Node.js): apt-get install npm, or brew install node"; exit 1; }
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/html-manager $(VENDOR)/requirejs $(VENDOR)/timelinejs $(VENDOR)/recogito
	cd $(VENDOR) && npm pack --silent @jupyter-widgets/html-manager@$(HTML_MANAGER_VERSION) requirejs@$(REQUIREJS_VERSION) \
		@knight-lab/timelinejs@$(TIMELINEJS_VERSION) @recogito/text-annotator@$(RECOGITO_VERSION) > /dev/null
	tar xzf $(VENDOR)/jupyter-widgets-html-manager-$(HTML_MANAGER_VERSION).tgz -C $(VENDOR)/html-manager --strip-components=1
	tar xzf $(VENDOR)/requirejs-$(REQUIREJS_VERSION).tgz -C $(VENDOR)/requirejs --strip-components=1
	tar xzf $(VENDOR)/knight-lab-timelinejs-$(TIMELINEJS_VERSION).tgz -C $(VENDOR)/timelinejs --strip-components=1 \
		package/dist package/LICENSE package/package.json
	tar xzf $(VENDOR)/recogito-text-annotator-$(RECOGITO_VERSION).tgz -C $(VENDOR)/recogito --strip-components=1
	rm $(VENDOR)/*.tgz
	for licence in tools/site_licences/*/LICENSE; do \
		cp "$$licence" $(VENDOR)/$$(basename $$(dirname "$$licence"))/LICENSE; done
	touch $@

site: $(LAB_STAMP) $(VENDOR)/.stamp
	$(BIN)/python tools/build_site_pages.py $(SITE)

# CITATION.cff is checked against the Citation File Format 1.2.0 schema, as shipped in
# cffconvert's wheel. Only the schema is taken (pip download --no-deps): cffconvert itself
# pins jsonschema<4, which JupyterLab cannot run with. Not needed at test time: no network.
# (uv has no download command: the pip of uv's own small venv fetches the wheel.)
$(CFF_SCHEMA): Makefile | $(UV_STAMP)
	rm -rf build/cff && mkdir -p build/cff
	$(UV_HOME)/bin/python -m pip download --quiet --no-deps --disable-pip-version-check -d build/cff cffconvert==$(CFFCONVERT_VERSION)
	$(UV_HOME)/bin/python tools/extract_cff_schema.py build/cff/cffconvert-$(CFFCONVERT_VERSION)-py3-none-any.whl $@

# The browser tests drive Debian's chromium with Playwright (no browser download). As root
# (as in CI) it is installed when missing; otherwise install the package chromium first.
CHROMIUM := /usr/bin/chromium
browser: $(CHROMIUM)
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; \
	else \
		echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
	fi

# Measured speed against floors taken in the same run (not part of make test). Prints a
# line per figure as it goes; fails when a target is missed.
bench: $(TEST_STAMP)
	$(COMPILE_KIT)
	$(BIN)/python benchmarks/run.py

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) $(UV_HOME) build dist

# Regenerate what is written from data/: the table section of data/README.md (from
# data/datapackage.json) and the glossary page docs/glossary.md.
data-readme: $(LAB_STAMP)
	$(BIN)/python tools/update_data_docs.py

# ---- a class at once (deploy/, docs/deploy.md) ------------------------------------------
.PHONY: hub hub-env hub-proxy hub-teacher
# JupyterHub for a class on this machine: the teacher's account is made first (make
# hub-teacher), students sign up at http://127.0.0.1:8000/hub/signup and the teacher approves
# them at /hub/authorize. Its knobs are the DECL46_HUB_* variables at the top of
# deploy/jupyterhub_config.py; what it guarantees is in docs/deploy.md ("Security"). The
# proxy comes from the npm registry, pinned, into build/proxy/.
# The hub's environment, installed from the lock. Its Python must be one every student's user
# id can run (not one under /root, as pyenv's): Debian's by default.
HUB_PYTHON ?= /usr/bin/python3
HUB_ENV := build/hub-env
$(HUB_ENV)/.installed: uv.lock tools/jupyterlab_overrides.json | $(UV_STAMP)
	UV_PROJECT_ENVIRONMENT=$(HUB_ENV) $(UV) sync --quiet --locked --python $(HUB_PYTHON) \
		--extra lab --extra hub --compile-bytecode
	mkdir -p $(HUB_ENV)/share/jupyter/lab/settings
	cp tools/jupyterlab_overrides.json $(HUB_ENV)/share/jupyter/lab/settings/overrides.json
	touch $@

CHP_VERSION := 5.3.0
CHP := build/proxy/node_modules/.bin/configurable-http-proxy
$(CHP): Makefile
	mkdir -p build/proxy
	cd build/proxy && npm install --silent --no-audit --no-fund --no-save configurable-http-proxy@$(CHP_VERSION) > /dev/null
	touch $@

hub-env: $(HUB_ENV)/.installed
hub-proxy: $(CHP)

hub: $(HUB_ENV)/.installed $(CHP)
	$(HUB_ENV)/bin/jupyterhub -f deploy/jupyterhub_config.py

# A teacher's account (or a new password for it), before the class: make hub-teacher
# NAME=teacher asks for the password; ARGS=--generate makes one up and prints it once. The
# name must be in DECL46_HUB_TEACHERS (deploy/hub_teacher.py).
NAME ?= teacher
hub-teacher: $(HUB_ENV)/.installed
	$(HUB_ENV)/bin/python deploy/hub_teacher.py $(NAME) $(ARGS)

# Binder (repo2docker) installs .binder/requirements.txt: the lab extra exported from uv.lock.
# Regenerate it whenever the lock changes (tests/test_binder.py checks that it is current).
.PHONY: binder
binder: | $(UV_STAMP)
	{ echo '# Generated from uv.lock by `make binder` (uv export --frozen --no-hashes --extra lab); do not edit.'; \
	  $(UV) export --quiet --frozen --no-hashes --no-header --extra lab; } > .binder/requirements.txt

# What a class costs: memory per student and Voilà's time to interactive, against floors
# measured in the same run (benchmarks/class_size.py; not part of make test).
.PHONY: bench-class
bench-class: $(TEST_STAMP) browser
	$(BIN)/python benchmarks/class_size.py

# axe-core, the accessibility checker the browser tests inject into every page they check
# (tests/test_accessibility.py), from the npm registry, pinned.
axe: $(AXE)
$(AXE): Makefile
	@command -v npm > /dev/null || { echo "the accessibility tests need npm (Node.js): apt-get install npm"; exit 1; }
	rm -rf build/axe && mkdir -p build/axe
	cd build/axe && npm pack --silent axe-core@$(AXE_VERSION) > /dev/null && tar xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js package/LICENSE && rm axe-core-$(AXE_VERSION).tgz
	touch $@
