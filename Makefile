# Every target bootstraps .venv when it is missing, so a fresh clone needs only python3.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# nbgrader shells out to alembic: the venv's bin/ must be on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)
HOST ?= 127.0.0.1
PORT ?= 8000
LAB_PORT ?= 8888

.PHONY: help venv labextension book test lab lab-instructor serve lint format clean browser-deps bench
.PHONY: quiz-students quiz-release quiz-collect quiz-autograde quiz-feedback quiz-return quiz-export
.PHONY: quiz-analysis quiz-private quiz-demo

help:
	@echo "make book   build the book into book/_build/html (creates .venv first)"
	@echo "make test   run every test (creates .venv first)"
	@echo "make lab    JupyterLab for students (modules/, no instructor tools), on 127.0.0.1"
	@echo "make lab-instructor   JupyterLab for instructors (checkout root, formgrader)"
	@echo "make serve  serve the built book on http://$(HOST):$(PORT)"
	@echo "make bench  run the benchmarks in bench/"
	@echo "Graded quizzes (quizzes/README.md; QUIZ=<id> limits a step to one quiz):"
	@echo "make quiz-students   import quizzes/roster.csv (or ROSTER=<csv>) into the gradebook"
	@echo "make quiz-release    generate the student version, check it for leaks, release it"
	@echo "make quiz-collect    collect submissions from the exchange"
	@echo "make quiz-autograde  grade every submission (no student code runs) and write a report"
	@echo "make quiz-feedback   generate feedback and check it for leaks"
	@echo "make quiz-return     release the checked feedback to students"
	@echo "make quiz-export     grades CSV for nbgrader and one LMS CSV per quiz"
	@echo "make quiz-analysis   item analysis of a graded quiz (difficulty, discrimination, KR-20)"
	@echo "make quiz-private DEST=<folder>  copy the quiz course outside the repository for real grading"
	@echo "make quiz-demo       a throw-away class of three invented students, every step run, then formgrader"

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian/Ubuntu run 'apt-get install python3-venv'"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

# The course's JupyterLab extension (labextension/): built from source when the built copy is
# missing or older than its sources, then linked into the venv so JupyterLab loads it (the
# wheel ships the built copy, so installing the wheel needs no Node).
LABEXT := labextension
LABEXT_NAME := venous-course-quizform
LABEXT_BUILT := $(LABEXT)/built/package.json
LABEXT_LINK := $(VENV)/share/jupyter/labextensions/$(LABEXT_NAME)
LABEXT_SOURCES := $(LABEXT)/package.json $(LABEXT)/tsconfig.json $(LABEXT)/install.json \
	$(wildcard $(LABEXT)/src/*.ts $(LABEXT)/style/*)

$(LABEXT)/node_modules/.package-lock.json: $(LABEXT)/package-lock.json
	@command -v npm >/dev/null || { echo "Building the quiz forms needs Node.js and npm: install them (Debian: apt-get install nodejs npm), then run make again."; exit 1; }
	npm ci --prefix $(LABEXT) --no-audit --no-fund --loglevel=error

$(LABEXT_BUILT): $(LABEXT_SOURCES) $(LABEXT)/node_modules/.package-lock.json $(VENV)/.installed
	npm run --prefix $(LABEXT) build
	@touch $@

$(LABEXT_LINK): | $(LABEXT_BUILT)
	@mkdir -p $(dir $@)
	ln -s $(CURDIR)/$(LABEXT)/built $@

labextension: $(LABEXT_BUILT) $(LABEXT_LINK)

venv: $(VENV)/.installed $(LABEXT_BUILT) $(LABEXT_LINK)

book: venv
	$(PY) -m venous_course_tools.book build
	@echo "Book built: open book/_build/html/index.html, or run 'make serve' and visit http://$(HOST):$(PORT)/"

serve: venv
	@test -f book/_build/html/index.html || { echo "No book yet: run 'make book' first."; exit 1; }
	@case "$(HOST)" in 127.0.0.1|localhost) ;; *) test "$(ALLOW_REMOTE)" = 1 || { echo "Refusing to listen on $(HOST): set ALLOW_REMOTE=1 to allow it."; exit 1; };; esac
	@echo "Serving the book on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(PY) -m http.server $(PORT) --bind $(HOST) --directory book/_build/html

lab: venv
	$(PY) -m venous_course_tools.lab --host $(HOST) --port $(LAB_PORT)

lab-instructor: venv
	$(PY) -m venous_course_tools.lab --instructor --host $(HOST) --port $(LAB_PORT)

browser-deps:
	@$(PY) -m venous_course_tools.browser

test: venv browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check src tests bench modules quizzes/source
	$(BIN)/ruff format --check src tests bench

format: venv
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: venv
	$(PY) -m bench

clean:
	rm -rf book/_build .pytest_cache .ruff_cache

# Instructor workflow for the nbgrader quizzes (see quizzes/README.md). QUIZ=<id> limits a step
# to one quiz; ROSTER=<csv> names the roster. Grading runs no student code (quizzes/README.md).
INSTRUCTOR := $(PY) -m venous_course_tools.instructor
quiz-students: venv
	$(INSTRUCTOR) students $(ROSTER)
quiz-release: venv
	$(INSTRUCTOR) release $(QUIZ)
quiz-collect: venv
	$(INSTRUCTOR) collect $(QUIZ)
quiz-autograde: venv
	$(INSTRUCTOR) autograde $(QUIZ)
quiz-feedback: venv
	$(INSTRUCTOR) feedback $(QUIZ)
quiz-return: venv
	$(INSTRUCTOR) return $(QUIZ)
quiz-export: venv
	$(INSTRUCTOR) export $(QUIZ)
# Item analysis after grading: writes quizzes/reports/<quiz>/analysis.html and items.csv.
quiz-analysis: venv
	@test -n "$(QUIZ)" || { echo "Name the quiz: make quiz-analysis QUIZ=quiz-01-understanding"; exit 1; }
	$(INSTRUCTOR) analysis $(QUIZ)
quiz-demo: venv
	$(INSTRUCTOR) demo $(DEST) --port $(LAB_PORT)
quiz-private: venv
	@test -n "$(DEST)" || { echo "Name a folder outside the repository: make quiz-private DEST=~/venous-course-private"; exit 1; }
	$(INSTRUCTOR) private $(DEST)
