# smbsensor build. `make` builds build/smbsensor; `make run` and `make check`
# are the two set-up commands of the README (they install missing packages).

CC      ?= cc
CSTD    := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) -Iinclude -MMD -MP
LIBS    := -lnids -lpcap -lm
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

B       ?= build
DISSECT_SRC := $(wildcard dissectors/*.c)
SENSOR_SRC  := $(filter-out sensor/main.c,$(wildcard sensor/*.c))
UNIT_SRC    := $(wildcard tests/unit/test_*.c)
UNIT_UTIL   := tests/unit/util.c
LIB_OBJ     := $(DISSECT_SRC:%.c=$(B)/%.o) $(SENSOR_SRC:%.c=$(B)/%.o)

SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: all deps deps-build run check unit e2e valgrind clean bench bench-idle bench-detect bench-soak bench-live update-expected
all: $(B)/smbsensor

deps:
	@sh tools/install-deps.sh all
deps-build:
	@sh tools/install-deps.sh build

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libsmbsensor.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/smbsensor: $(B)/sensor/main.o $(B)/libsmbsensor.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# Each tests/unit/test_NAME.c defines `Suite *suite_NAME(void)`.
$(B)/tests/suites.inc: $(UNIT_SRC)
	@mkdir -p $(dir $@)
	@for f in $(UNIT_SRC); do n=$${f#tests/unit/test_}; echo "SUITE($${n%.c})"; done > $@

$(B)/tests/unit/check_main.o: $(B)/tests/suites.inc
$(B)/tests/unit/check_main.o: ALL_CFLAGS += -I$(B)/tests

$(B)/unit_tests: $(B)/tests/unit/check_main.o $(UNIT_SRC:%.c=$(B)/%.o) $(UNIT_UTIL:%.c=$(B)/%.o) $(B)/libsmbsensor.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LIBS)

unit: $(B)/unit_tests
	CK_FORK=yes $(B)/unit_tests

e2e: $(B)/smbsensor
	SMBSENSOR=$(B)/smbsensor sh tests/e2e/run.sh

# The whole suite, then again under AddressSanitizer + UndefinedBehaviorSanitizer.
check: deps
	$(MAKE) unit e2e
	$(MAKE) B=build/asan CC=clang CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
		ASAN_OPTIONS=detect_leaks=1 unit e2e fuzz-regress

# Optional (not in check): every offline run of the e2e captures, the floods
# and the injection capture under valgrind memcheck, leaks included.
valgrind: $(B)/smbsensor
	@sh tools/install-deps.sh valgrind
	SMBSENSOR=$(B)/smbsensor sh tests/valgrind.sh

run: deps-build $(B)/smbsensor
	@rm -rf $(B)/demo-logs
	$(B)/smbsensor -r pcaps/demo.pcap -w $(B)/demo-logs --summary

bench: $(B)/smbsensor
	sh bench/run.sh

# 1,000,000 idle connections against the first 1,000 (peak RSS).
bench-idle: $(B)/smbsensor
	sh bench/idle.sh

# The detectors' run time and the fan-out detector's state (peak RSS).
bench-detect: $(B)/smbsensor $(B)/detect_state
	python3 bench/detect.py

$(B)/detect_state: $(B)/bench/detect_state.o $(B)/libsmbsensor.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# Highest live replay rate without loss on a veth: 1 and 2 workers, tcpdump (root).
bench-live: $(B)/smbsensor
	@sh tools/install-deps.sh bench
	SMBSENSOR=$(B)/smbsensor bash bench/live_rate.sh

# 24 hours of packet time from a looped capture: RSS per packet hour (issue 7).
bench-soak: $(B)/smbsensor
	sh bench/soak.sh

clean:
	rm -rf build

include tests/fuzz/fuzz.mk

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Rewrite the end-to-end expectations from this build (review the diff!).
update-expected: $(B)/smbsensor
	SMBSENSOR=$(B)/smbsensor sh tests/e2e/update-expected.sh
