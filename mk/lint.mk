# Static checks (STYLE.md C10-C11). `make lint` runs every check, even after
# one fails, and fails if any did; each tools/lint-* script also runs alone.
# `make format` rewrites our C files with clang-format.

LINT_TOOLS := lint-format lint-tidy lint-cppcheck lint-layering

.PHONY: lint format $(LINT_TOOLS)

lint: $(GEN_HEADERS)
	$(Q)status=0; \
	for t in $(LINT_TOOLS); do \
	  $(if $(filter 1,$(V)),echo "ARCH=$(ARCH) GEN_DIR=$(GEN_DIR) tools/$$t";) \
	  ARCH=$(ARCH) GEN_DIR=$(GEN_DIR) tools/$$t || status=1; \
	done; \
	exit $$status

$(LINT_TOOLS): $(GEN_HEADERS)
	$(Q)ARCH=$(ARCH) GEN_DIR=$(GEN_DIR) tools/$@

format:
	$(call msg,FORMAT,C sources)
	$(Q)git ls-files --cached --others --exclude-standard -- '*.c' '*.h' | \
	  grep -Ev '^(build|build-[^/]*|third_party)/' | \
	  while IFS= read -r f; do [ -f "$$f" ] && printf '%s\n' "$$f"; done | \
	  xargs -r clang-format -i
