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

.PHONY: lab test format clean data-readme notebooks student

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

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nbstripout --verify --keep-output --keep-count notebooks/*.ipynb
	$(BIN)/pytest

# Re-execute every notebook top to bottom in a fresh kernel, then strip volatile metadata
# (execution counts, cell ids, timings) and keep the outputs. Run before committing them.
notebooks: $(STAMP)
	$(BIN)/ruff format notebooks
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb
	$(BIN)/nbstripout --keep-output --keep-count notebooks/*.ipynb

# Student copies: the notebooks without the cells tagged "solution", in build/student/.
STUDENT_DIR ?= build/student
student: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --output-dir $(STUDENT_DIR) \
		--TagRemovePreprocessor.enabled=True \
		--TagRemovePreprocessor.remove_cell_tags solution \
		notebooks/*.ipynb

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build dist

# Regenerate the table section of data/README.md from data/datapackage.json.
data-readme: $(STAMP)
	$(BIN)/python tools/update_data_readme.py
