# Two commands do all the set-up on a fresh machine:
#   make lab    opens the kit in JupyterLab
#   make test   runs every check
# Both create .venv when it is missing and reinstall only when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to start as root unless told; CI runs as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test format clean data-readme notebooks student app site browser bench

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

# --compile-bytecode: this machine sets PYTHONDONTWRITEBYTECODE, and without .pyc files
# every kernel start would recompile pandas and matplotlib.
$(STAMP): pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[lab,test]'
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG)

test: $(STAMP) browser site
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nbstripout --verify $(NBSTRIPOUT_FLAGS) notebooks/*.ipynb
	$(BIN)/pytest

# Keep outputs, execution counts (nbval needs them) and the widget state (JupyterLab and
# the static site draw widgets from it before a kernel runs); strip everything else.
NBSTRIPOUT_FLAGS := --keep-output --keep-count --keep-metadata-keys metadata.widgets

# Re-execute every notebook top to bottom in a fresh kernel, then strip volatile metadata
# (execution counts, cell ids, timings) and keep the outputs. Run before committing them.
NOTEBOOK_DIR ?= notebooks
notebooks: $(STAMP)
	$(BIN)/ruff check --fix --quiet $(NOTEBOOK_DIR)
	$(BIN)/ruff format --quiet $(NOTEBOOK_DIR)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace $(NOTEBOOK_DIR)/*.ipynb
	$(BIN)/nbstripout $(NBSTRIPOUT_FLAGS) $(NOTEBOOK_DIR)/*.ipynb
	$(BIN)/python tools/normalize_widget_ids.py $(NOTEBOOK_DIR)/*.ipynb

# Student copies: the notebooks without the cells tagged "solution", in build/student/.
STUDENT_DIR ?= build/student
student: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --output-dir $(STUDENT_DIR) \
		--TagRemovePreprocessor.enabled=True \
		--TagRemovePreprocessor.remove_cell_tags solution \
		notebooks/*.ipynb

# The explorer notebook as an app with no code showing.
app: $(STAMP)
	$(BIN)/voila notebooks/05_explorer.ipynb --no-browser --Voila.config_file_paths=deploy

# Static HTML of every notebook in build/site/, with the widget state embedded and readable
# offline: require.js and the widget renderer come from the npm registry into
# build/site/vendor/ instead of being loaded from a CDN.
SITE    := build/site
VENDOR  := $(SITE)/vendor
HTML_MANAGER_VERSION := 1.0.15
REQUIREJS_VERSION    := 2.3.8
$(VENDOR)/.stamp: Makefile
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/html-manager $(VENDOR)/requirejs
	cd $(VENDOR) && npm pack --silent @jupyter-widgets/html-manager@$(HTML_MANAGER_VERSION) requirejs@$(REQUIREJS_VERSION) > /dev/null
	tar xzf $(VENDOR)/jupyter-widgets-html-manager-$(HTML_MANAGER_VERSION).tgz -C $(VENDOR)/html-manager --strip-components=1
	tar xzf $(VENDOR)/requirejs-$(REQUIREJS_VERSION).tgz -C $(VENDOR)/requirejs --strip-components=1
	rm $(VENDOR)/*.tgz
	touch $@

site: $(STAMP) $(VENDOR)/.stamp
	$(BIN)/jupyter nbconvert --to html --output-dir $(SITE) \
		--HTMLExporter.require_js_url=vendor/requirejs/require.js \
		--HTMLExporter.widget_renderer_url=vendor/html-manager/dist/embed-amd.js \
		--HTMLExporter.jupyter_widgets_base_url=vendor/ \
		--TemplateExporter.extra_template_basedirs=tools/site_template --template decl46 \
		notebooks/*.ipynb

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

# Measured speed against floors taken in the same run (not part of make test).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build dist

# Regenerate the table section of data/README.md from data/datapackage.json.
data-readme: $(STAMP)
	$(BIN)/python tools/update_data_readme.py

# ---- a class at once (deploy/, docs/deploy.md) ------------------------------------------
.PHONY: hub hub-env hub-proxy
# JupyterHub for a class on this machine: students sign up at http://127.0.0.1:8000/hub/signup
# and a teacher (first sign up as `teacher`) approves them at /hub/authorize. Its knobs are
# the DECL46_HUB_* variables at the top of deploy/jupyterhub_config.py. The proxy comes from
# the npm registry, pinned, into build/proxy/.
# The hub's environment, installed from the lock. Its Python must be one every student's user
# id can run (not one under /root, as pyenv's): Debian's by default.
HUB_PYTHON ?= /usr/bin/python3
HUB_ENV := build/hub-env
$(HUB_ENV)/.installed: uv.lock | $(BIN)/uv
	UV_PROJECT_ENVIRONMENT=$(HUB_ENV) $(BIN)/uv sync --quiet --locked --python $(HUB_PYTHON) \
		--extra lab --extra hub --compile-bytecode
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

# Binder (repo2docker) installs .binder/requirements.txt: the lab extra exported from uv.lock.
# Regenerate it whenever the lock changes (tests/test_binder.py checks that it is current).
.PHONY: binder
binder: | $(BIN)/uv
	{ echo '# Generated from uv.lock by `make binder` (uv export --frozen --no-hashes --extra lab); do not edit.'; \
	  $(BIN)/uv export --quiet --frozen --no-hashes --no-header --extra lab; } > .binder/requirements.txt

# What a class costs: memory per student and Voilà's time to interactive, against floors
# measured in the same run (benchmarks/class_size.py; not part of make test).
.PHONY: bench-class
bench-class: $(STAMP) browser
	$(BIN)/python benchmarks/class_size.py
