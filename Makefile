# Velo — build, test, benchmark and install the tools.
SWIFT   ?= swift
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
# Every executable target is a folder Sources/velo-*.
TOOLS   := $(notdir $(wildcard Sources/velo-*))

.PHONY: all build release run test lint format ci bench fuzz install uninstall clean deps

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The main job: velo-repl on the local store with the offline drafter when run in a terminal; otherwise
# the 30-second tour of the tools (scripts/demo.sh), then demo.velo played through velo-repl.
run: release
	@if [ -t 0 ] && [ -t 1 ]; then scripts/repl.sh; else scripts/demo.sh && scripts/repl.sh; fi

# The whole suite: unit tests and integration tests (they start what they need).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Formatting: .swift-format is the house style; lint fails on any difference (CI runs it).
FORMATTED := Package.swift Sources Tests bench/EngineKernels bench/AskBench
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMATTED)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMATTED)

# What CI runs on a fresh clone: the style check, the release build users get, and the whole suite.
ci: lint release test

# Benchmarks beside their peers; figures go to docs/BENCHMARKS.md by hand. Every script runs; a script
# whose target was missed (or that failed) is named at the end and makes the run fail.
bench: release
	@missed=""; for script in bench/*.sh; do echo "== $$script"; \
		bash "$$script" || missed="$$missed $$script"; done; \
		if [ -n "$$missed" ]; then echo "targets missed or failed:$$missed" >&2; exit 1; fi

# Long fuzzing runs (CI runs only a short, fixed-seed version inside `make test`).
fuzz: deps
	VELO_FUZZ_ITERATIONS=$${VELO_FUZZ_ITERATIONS:-2000000} $(SWIFT) test --filter Fuzz

install: release
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	@for tool in $(TOOLS); do install -m 755 .build/release/$$tool $(DESTDIR)$(BINDIR)/$$tool; done
	@for page in man/*.1; do [ -e "$$page" ] && install -m 644 "$$page" $(DESTDIR)$(MANDIR)/man1/ || true; done
	@for page in man/*.7; do [ -e "$$page" ] && install -m 644 "$$page" $(DESTDIR)$(MANDIR)/man7/ || true; done

uninstall:
	@for tool in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$tool; done
	@for page in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$(basename $$page); done
	@for page in man/*.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$$(basename $$page); done

clean:
	rm -rf .build bench/data
