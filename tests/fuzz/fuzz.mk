# libFuzzer targets, one per tests/fuzz/fuzz_NAME.c (tests/fuzz/README).
#   make fuzz [FUZZ_SECONDS=600] [FUZZ_TARGETS="smb2 dcerpc"]
#       build with coverage into build/fuzz/, fuzz each target in turn for
#       FUZZ_SECONDS, then rewrite tests/fuzz/RESULTS.md from the runs.
#   make fuzz-regress (in make check, from the ASan+UBSan build)
#       run every target once over its seeds and tests/fuzz/regressions/.

FUZZ_SECONDS ?= 600
FUZZ_ALL     := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_UTIL    := $(B)/tests/fuzz/common.o $(B)/tests/fuzz/smb_messages.o
FUZZ_BINS    := $(FUZZ_ALL:%=$(B)/fuzz/fuzz_%)
# Seeds depend on pcaps/ only, so every build directory shares them.
FUZZ_SEEDS   := build/fuzz-seeds
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

.PHONY: fuzz fuzz-build fuzz-regress fuzz-seeds

# Linking with -fsanitize=fuzzer adds libFuzzer's main. In the ASan build the
# code has no coverage instrumentation, which running fixed inputs does not need.
$(B)/fuzz/fuzz_%: $(B)/tests/fuzz/fuzz_%.o $(FUZZ_UTIL) $(B)/libsmbsensor.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

.SECONDARY: $(FUZZ_ALL:%=$(B)/tests/fuzz/fuzz_%.o)

fuzz-build: $(FUZZ_BINS)

$(FUZZ_SEEDS)/stamp: tests/fuzz/seeds.py $(wildcard pcaps/*.pcap pcaps/*.pcapng)
	rm -rf $(FUZZ_SEEDS)
	python3 tests/fuzz/seeds.py pcaps $(FUZZ_SEEDS)
	@touch $@

fuzz-seeds: $(FUZZ_SEEDS)/stamp

fuzz-regress: $(FUZZ_BINS) $(FUZZ_SEEDS)/stamp
	sh tests/fuzz/regress.sh $(B)/fuzz $(FUZZ_SEEDS) $(FUZZ_ALL)

fuzz: $(FUZZ_SEEDS)/stamp
	$(MAKE) B=build/fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" LDFLAGS="-fsanitize=address,undefined" fuzz-build
	sh tests/fuzz/campaign.sh build/fuzz $(FUZZ_SEEDS) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
