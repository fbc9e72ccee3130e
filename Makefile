# Kumo — the two set-up commands: `make run` and `make test`.
PRESET ?= dev
BUILD_DIR := build/$(PRESET)
DATA_DIR ?= ./data
LISTEN ?= 127.0.0.1:8000
JOBS ?= $(shell nproc)

.PHONY: run test build deps configure bench format clean container-check

run: build
	$(BUILD_DIR)/app/kumo serve --data-dir $(DATA_DIR) --listen $(LISTEN)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

configure: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET)

deps:
	@scripts/install-deps.sh

# The container recipe, natively (no Docker engine needed): see README, "Container".
container-check: deps
	docker/scripts/native-check.sh

bench: build
	bench/run-all.sh $(BUILD_DIR)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build
