# scaleahead — predictive autoscaling toolchain in C.
#
#   make              build the library, the tools (bin/) and the tests
#   make train        generate data if missing, train the attention model, report
#   make ensemble     train the five-member ensemble
#   make test         build and run every test; closes with "N passed, N failed"
#   make bench        performance figures (bench/results.csv)
#   make realdata     results on the real CloudWatch series (bench/realdata.md,
#                     bench/realdata_paths.md: forecast paths by step)
#   make default-dev  the default path model on the development set (bench/default_dev.md)
#   make fleet-targets issue 24's fleet targets on ../shared/data/fleet (bench/fleet_targets.md)
#   make targets      the decisions' Targets table (docs/targets.md)
#   make report-screenshot  sim's HTML report in headless Chromium (plots/report/)
#   make figures      the other results of docs/results.md (bench/*.md)
#   make docs         write the measured results into the documents
#   make fuzz         bounded libFuzzer runs (needs clang)
#   make man          the man pages, from each tool's option table
#   make install PREFIX=/usr/local   tools and man pages
#
# Toggles: SAN=1 (AddressSanitizer + UBSan), MPI=1 (build with mpicc),
#          DEBUG=1 (-O0 -g).

PREFIX  ?= /usr/local
CC      ?= cc
ifeq ($(MPI),1)
CC      := mpicc
MPIFLAG := -DSA_MPI=1
endif

HDF5_CFLAGS := $(shell pkg-config --cflags hdf5 2>/dev/null || echo -I/usr/include/hdf5/serial)
HDF5_LIBS   := $(shell pkg-config --libs hdf5 2>/dev/null || echo -L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5)
HDF5_DIR    := $(patsubst -L%,%,$(filter -L%,$(HDF5_LIBS)))
# HDF5 is linked statically where its archives exist: the shared library
# drags in curl, TLS and Kerberos (47 libraries in all), and loading them
# was most of the start-up time of `scaleahead-predict --last`.
ifneq ($(wildcard $(HDF5_DIR)/libhdf5.a),)
HDF5_HL     := $(HDF5_DIR)/libhdf5_hl.a $(HDF5_DIR)/libhdf5.a -lsz -laec -lz -ldl
else
HDF5_HL     := $(patsubst -lhdf5,-lhdf5_hl -lhdf5,$(HDF5_LIBS))
endif

# The x86-64 baseline, so that a binary built here runs on any x86-64 (a
# -march=native build on an AVX-512 host dies with SIGILL on an AVX2 one);
# the hot kernels carry their own instruction sets and are chosen at run
# time (lib/base/kernel_path.h; SCALEAHEAD_KERNEL=avx512|avx2|generic).
OPT     := -O3
ifeq ($(DEBUG),1)
OPT     := -O0 -g
endif
ifeq ($(SAN),1)
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
endif

# The flags the build needs are kept apart from CFLAGS/LDFLAGS/LDLIBS, so a
# user's `make CFLAGS=-g` adds to them instead of replacing them.
# -fno-math-errno: nothing reads errno after a math.h call, and without it
# GCC keeps sqrtf scalar behind an errno branch (Adam's update, which runs
# on one thread between batches, vectorises with it: training +2-4 %,
# weights bit-identical).
SA_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter $(OPT) -fno-math-errno -pthread \
             -MMD -MP -iquote lib $(HDF5_CFLAGS) $(MPIFLAG)
SA_LDLIBS := $(HDF5_HL) -llapacke -lopenblas -lcsv -ljansson -lm -pthread
# --as-needed: a tool loads only the shared libraries it calls (predict
# calls no LAPACK: liblapacke, liblapack, libblas and libtmglib stay out).
SA_LDFLAGS := -Wl,--as-needed $(LDSAN)

# Objects go under build/ (build-san/ for SAN=1, build-mpi/ for MPI=1) so the
# variants never mix; tools land in bin/ of the same variant.
VARIANT := $(if $(filter 1,$(SAN)),-san)$(if $(filter 1,$(MPI)),-mpi)
B       ?= build$(VARIANT)
BIN     ?= bin$(VARIANT)

# The library: one folder per layer under lib/ (docs/development.md, "Source map").
LIB_SRC   := $(wildcard lib/*/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/%.o)
LIB       := $(B)/libscaleahead.a
# Every top-level folder with a main.c is a tool (dispatch/ is the dispatcher).
TOOLS     := $(filter-out dispatch,$(patsubst %/main.c,%,$(wildcard */main.c)))
TOOL_BINS := $(TOOLS:%=$(BIN)/scaleahead-%) $(BIN)/scaleahead
# Man pages: each tool writes its own from the option table --help prints
# (TOOL --man, lib/cli/man.h), so the two never disagree.
MAN_PAGES := $(TOOL_BINS:$(BIN)/%=$(B)/man/%.1)
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRC:tests/%.c=$(B)/tests/%)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(wildcard bench/*.c))

.PHONY: all tools bench-tools man deps test train ensemble bench realdata default-dev figures docs fleet-targets targets fuzz report-screenshot install clean
all: $(TOOL_BINS) $(TEST_BINS)
# The tools alone, after the deps check (README's quickstart starts here).
tools: deps
	@$(MAKE) --no-print-directory $(TOOL_BINS)
bench-tools: $(BENCH_BINS)
man: $(MAN_PAGES)

$(B)/man/%.1: $(BIN)/%
	@mkdir -p $(dir $@)
	$< --man >$@.tmp && mv $@.tmp $@

# Missing system packages are installed with apt-get (docs/design.md §1);
# PROMETHEUS=1 adds the Prometheus server, promtool and curl for the tests
# that run them (they say they are skipped where these are missing).
deps:
	@sh tools/deps.sh $(if $(filter 1,$(MPI)),mpi) $(if $(filter 1,$(PROMETHEUS)),prometheus)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SA_CFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BIN)/scaleahead-%: $(B)/%/main.o $(LIB)
	@mkdir -p $(BIN)
	$(CC) $(SA_LDFLAGS) $(LDFLAGS) $^ $(SA_LDLIBS) $(LDLIBS) -o $@

$(BIN)/scaleahead: $(B)/dispatch/main.o $(LIB)
	@mkdir -p $(BIN)
	$(CC) $(SA_LDFLAGS) $(LDFLAGS) $^ $(SA_LDLIBS) $(LDLIBS) -o $@

$(B)/tests/%: $(B)/tests/%.o $(LIB)
	$(CC) $(SA_LDFLAGS) $(LDFLAGS) $^ $(SA_LDLIBS) $(LDLIBS) -o $@

# The bench programs include bench/'s own headers.
$(B)/bench/%.o: SA_CFLAGS += -iquote bench
$(B)/bench/%: $(B)/bench/%.o $(LIB)
	$(CC) $(SA_LDFLAGS) $(LDFLAGS) $^ $(SA_LDLIBS) $(LDLIBS) -o $@

# make test also builds the bench programs (so a changed library call
# cannot leave them broken until the next make bench); where Open MPI's
# mpicc is installed, it builds the MPI train
# tool (bin-mpi/, never with sanitizers) for tests/t_mpi.sh.
HAVE_MPICC := $(shell command -v mpicc 2>/dev/null)
test: deps
	@$(MAKE) --no-print-directory all bench-tools
	$(if $(HAVE_MPICC),@$(MAKE) --no-print-directory MPI=1 SAN= B=build-mpi BIN=bin-mpi bin-mpi/scaleahead-train)
	@BIN=$(BIN) B=$(B) MPI_BIN=bin-mpi sh tests/run.sh

# Jobs that train or measure run OpenBLAS with the kernels this CPU can use
# when its version does not recognise the CPU (tools/blas_core.sh); tests
# and CI leave OPENBLAS_CORETYPE alone.
# Expanded at most once per make, and only by the targets that use it.
RUN = $(eval RUN := env $(shell sh tools/blas_core.sh))$(RUN)

# The main job: data if missing, the attention model, its report and plots.
# The seed's formula over 60 days, a sale every fifth day: training sees
# eight sale days, validation and test two each. The seed's own 15 days
# leave two sale days to learn from, too few to learn a sale's start and
# end (docs/results.md, "Accuracy and the noise floor"); SEED_DAYS=15 makes them
# (remove the old data/multi_metric_data.csv first).
SEED_DAYS ?= 60
data/multi_metric_data.csv: | $(BIN)/scaleahead-datagen
	$(BIN)/scaleahead-datagen --profile seed --days $(SEED_DAYS) --seed 42 \
	    --calendar-out data/business_calendar.csv -o $@

# make train's schedule (docs/train.md): warm-up and cosine decay
# over 15 epochs at a peak rate of 2e-3 reach the accuracy that docs/design.md §6's
# plateau schedule reaches in 50, in 3.3 times less work. The preset itself
# is unchanged; TRAIN_SCHEDULE= runs the §6 protocol (50 epochs, plateau).
TRAIN_SCHEDULE ?= --schedule cosine --epochs 15 --lr 2e-3
train: deps
	@$(MAKE) --no-print-directory $(TOOL_BINS) data/multi_metric_data.csv
	$(RUN) $(BIN)/scaleahead-train --data data/multi_metric_data.csv --arch attention $(TRAIN_SCHEDULE) -o models/attention.h5
	$(RUN) $(BIN)/scaleahead-eval --model models/attention.h5 --json models/evaluation_results.json --plots plots

ensemble: deps
	@$(MAKE) --no-print-directory $(TOOL_BINS) data/multi_metric_data.csv
	$(RUN) $(BIN)/scaleahead-train --data data/multi_metric_data.csv --ensemble -o models/ensemble.h5
	$(RUN) $(BIN)/scaleahead-eval --model models/ensemble.h5 --json models/ensemble_results.json --plots plots

bench: deps
	@$(MAKE) --no-print-directory all bench-tools
	@BIN=$(BIN) $(RUN) sh bench/run.sh
	@$(MAKE) --no-print-directory docs

realdata: deps
	@$(MAKE) --no-print-directory all
	@BIN=$(BIN) $(RUN) sh bench/realdata.sh
	@BIN=$(BIN) $(RUN) sh bench/realdata_paths.sh
	@$(MAKE) --no-print-directory docs

# The other results docs/results.md quotes, each measured into bench/ with
# the date and the machine (tools/figure.sh), then written into the
# documents. Tens of minutes on two cores.
FIGURE = BIN=$(BIN) $(RUN) sh tools/figure.sh
figures: tools
	$(FIGURE) bench/make_train.md sh bench/make_train.sh
	$(FIGURE) bench/coverage.md sh bench/coverage.sh
	$(FIGURE) bench/hw_compare.md sh bench/hw_compare.sh
	$(FIGURE) bench/sim_tables.md sh bench/sim_tables.sh
	@$(MAKE) --no-print-directory docs

# Every <!-- figures: FILE --> block of the documents from its FILE.
docs:
	@sh tools/docs_figures.sh README.md docs/*.md

# The default model of a path (--steps 12) on the development set of
# bench/devset.py (data/devset, built when missing), both halves.
default-dev: deps
	@$(MAKE) --no-print-directory tools
	@BIN=$(BIN) $(RUN) sh bench/default_dev.sh
	@$(MAKE) --no-print-directory docs

fleet-targets: deps
	@$(MAKE) --no-print-directory tools
	@BIN=$(BIN) $(RUN) sh bench/fleet_targets.sh
	@$(MAKE) --no-print-directory docs

# The Targets table of the decisions (docs/targets.md, docs/decisions.md):
# default models replayed on their unseen part, the quantile policy against
# target tracking and reactive; about 2.5 minutes on 2 cores.
targets: deps
	@$(MAKE) --no-print-directory all
	@BIN=$(BIN) $(RUN) sh bench/targets.sh docs/targets.md

fuzz:
	@sh tests/fuzz/run.sh

# sim's HTML report, rendered by headless Chromium into PNGs to look at
# (needs Debian's chromium, which make deps does not install).
report-screenshot: deps
	@$(MAKE) --no-print-directory $(TOOL_BINS)
	@BIN=$(BIN) sh tools/report_screenshot.sh plots/report

install: all man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(TOOL_BINS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(PREFIX)/share/man/man1

clean:
	rm -rf build build-san build-mpi build-san-mpi build-vg build-fuzz \
	       bin bin-san bin-mpi bin-san-mpi bin-vg

-include $(shell find $(B) -name '*.d' 2>/dev/null)
