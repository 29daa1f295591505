# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,examples]"
	touch $(STAMP)

# The tutorials' tour (printed exactly as PyTorch prints it, plus its graph in out/), then a CNN
# trained on scikit-learn's digits (accuracy, loss curves and graph in out/).
demo: $(STAMP)
	$(PY) -m pullback.run examples/autograd_tour.py
	$(PY) examples/train_digits.py

# Graphviz and headless Chromium let tests/test_viz.py render the graph pictures and open them;
# installed only when running as root and missing; if that fails, those tests skip and say why.
system-deps:
	-@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    ! { command -v dot && command -v chromium; } >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz chromium >/dev/null; \
	fi

test: $(STAMP) system-deps
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
