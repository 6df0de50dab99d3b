# Makefile — build, test, install cardwiz (GNU make + pkg-config, no autotools).
# One version, debian/changelog's (dpkg reads it there); its first line by sed, so that a build
# needs no dpkg-dev: "cardwiz (0.1.0) unstable; urgency=medium" → 0.1.0. tests/cli/t-version.sh
# checks that this, dpkg-parsechangelog and --version agree.
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/cardwiz
# The site file (cardwiz-wizard(5)) is SYSCONFDIR/cardwiz/site.yaml: /etc for PREFIX=/usr (the
# package), else PREFIX/etc (/usr/local/etc/cardwiz/site.yaml for a plain make install).
SYSCONFDIR = $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
LOCALEDIR = $(PREFIX)/share/locale
MANDIR = $(PREFIX)/share/man

B := build
# Quiet rules unless V=1.
Q = $(if $(filter 1,$(V)),,@)
say = $(if $(filter 1,$(V)),,@printf '  %-6s %s\n' $(1) $(2))
CC ?= cc
PKG_CONFIG ?= pkg-config

# Flags from pkg-config; recursive (=) so a fresh machine can run `make deps` before they are needed.
PKGS = ncursesw formw panelw libpcsclite libp11 p11-kit-1 libcrypto yaml-0.1 json-c libqrencode
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))

WARN = -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes
ifeq ($(WERROR),1)
WARN += -Werror
endif
SAN =
ifeq ($(SANITIZE),1)
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
OPT ?= -O2 -g
CPPFLAGS_CW = -Iinclude -D_GNU_SOURCE -DOPENSSL_API_COMPAT=30000 \
	-DCW_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' -DDATADIR='"$(DATADIR)"' \
	-DSYSCONFDIR='"$(SYSCONFDIR)"'
# The user's (or dpkg-buildflags') CPPFLAGS, CFLAGS and LDFLAGS come after the project's, so they
# win where they disagree (-O0 over OPT's -O2, hardening's -D_FORTIFY_SOURCE) and add to -Werror
# and the sanitizers rather than replace them; the project's -Iinclude stays first.
ALL_CFLAGS = -std=gnu11 $(OPT) $(WARN) $(SAN) $(CPPFLAGS_CW) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

SRCS := $(wildcard src/*.c src/*/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
MAIN_OBJ := $(B)/obj/src/main.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
VCARD_SRCS := $(wildcard tests/vcard/*.c)
MO := $(B)/locale/zh_TW/LC_MESSAGES/cardwiz.mo
TEST_TOOLS := $(if $(VCARD_SRCS),$(B)/vcard) $(if $(wildcard tests/testbed/pcsc-wait.c),$(B)/pcsc-wait) \
	$(B)/helper-request $(B)/pcsc-hold $(if $(wildcard tests/p11fault/p11fault.c),$(B)/p11fault.so) \
	$(if $(wildcard tests/hicos/hicos-p11.c),$(B)/hicos-p11.so $(B)/hicos-request)

# Packages: building and running, then what the tests and the demo add (Debian 12 names).
DEPS_BUILD = gcc make pkg-config gettext libncurses-dev libpcsclite-dev libp11-dev libssl-dev \
	libyaml-dev libjson-c-dev libqrencode-dev libp11-kit-dev pcscd libccid opensc-pkcs11
DEPS_TEST = check vsmartcard-vpcd opensc softhsm2 gnutls-bin openssl pcsc-tools tmux iproute2 \
	util-linux procps python3 man-db bsdextrautils systemd bc valgrind gdb clang libclang-rt-14-dev
VPCD_CONF = /etc/reader.conf.d/vpcd
# What `make deb` needs beyond DEPS_BUILD (debian/control's Build-Depends are those of DEPS_BUILD
# that the build uses).
DEPS_DEB = build-essential dpkg-dev debhelper lintian fakeroot

.PHONY: all check test-only install uninstall clean deps deps-test deps-deb deb version demo bench pot fuzz FORCE
.DEFAULT_GOAL := all

all: $(B)/cardwiz $(MO)

# Rebuild everything when the flags change (SANITIZE=1, WERROR=1, OPT=…), keeping build/cardwiz the program.
$(B)/flags: FORCE
	@mkdir -p $(B)
	@echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(B)/obj/%.o: %.c $(B)/flags
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libcardwiz.a: $(LIB_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/cardwiz: $(MAIN_OBJ) $(B)/libcardwiz.a
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(MO): po/zh_TW.po
	@mkdir -p $(dir $@)
	$(call say,MSGFMT,$<)
	$(Q)msgfmt --check -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libcardwiz.a $(B)/flags
	@mkdir -p $(dir $@)
	$(call say,TEST,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags check) -o $@ $< $(B)/libcardwiz.a \
		$(ALL_LDFLAGS) $(PKG_LIBS) $(shell $(PKG_CONFIG) --libs check)

$(B)/vcard: $(VCARD_SRCS) $(wildcard tests/vcard/*.h) $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(OPT) $(WARN) $(SAN) -o $@ $(VCARD_SRCS) $(shell $(PKG_CONFIG) --cflags --libs libcrypto)

$(B)/pcsc-wait: tests/testbed/pcsc-wait.c $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(OPT) $(WARN) $(SAN) -o $@ $< $(shell $(PKG_CONFIG) --cflags --libs libpcsclite)

# A PC/SC client that holds a card exclusively (tests/readers/t-holder.sh names it).
$(B)/pcsc-hold: tests/readers/pcsc-hold.c $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(OPT) $(WARN) $(SAN) -o $@ $< $(shell $(PKG_CONFIG) --cflags --libs libpcsclite)

# A hand-built helper request (tests/policy): the helper must refuse on its own.
$(B)/helper-request: tests/policy/helper-request.c $(B)/libcardwiz.a $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcardwiz.a $(ALL_LDFLAGS) $(PKG_LIBS)

# A fault-injecting PKCS#11 module for the fault tests (it forwards to a real one).
$(B)/p11fault.so: tests/p11fault/p11fault.c $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(OPT) $(WARN) -fPIC -shared -o $@ $< $(shell $(PKG_CONFIG) --cflags p11-kit-1) -ldl

# A HiCOS-like PKCS#11 module over SoftHSM2 (tests/hicos): MOICA's path without the vendor's module.
$(B)/hicos-p11.so: tests/hicos/hicos-p11.c $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(OPT) $(WARN) -shared -fPIC -o $@ $< $(shell $(PKG_CONFIG) --cflags p11-kit-1) -ldl

$(B)/hicos-request: tests/hicos/hicos-request.c $(B)/libcardwiz.a $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libcardwiz.a $(ALL_LDFLAGS) $(PKG_LIBS)

$(B)/bench-apdu-rtt: bench/apdu_rtt.c $(B)/flags
	$(call say,CC,$@)
	$(Q)$(CC) -std=gnu11 $(OPT) $(WARN) $(SAN) -o $@ $< $(shell $(PKG_CONFIG) --cflags --libs libpcsclite)

# Speed on the virtual card (a benchmark, not a test): see bench/README.md.
bench:
	$(MAKE) deps deps-test
	$(MAKE) all $(TEST_TOOLS) $(B)/bench-apdu-rtt
	bench/run

# The translation template, for translators: make pot, then msgmerge po/zh_TW.po.
$(B)/cardwiz.pot: $(SRCS) $(wildcard include/cw/*.h)
	@mkdir -p $(B)
	$(call say,POT,$@)
	$(Q)xgettext --from-code=UTF-8 -k_ -kN_ -c -o $@ --package-name=cardwiz $(SRCS)
pot: $(B)/cardwiz.pot

# check: packages first (a fresh machine has none), then build, then every test.
check:
	$(MAKE) deps deps-test
	$(MAKE) all $(UNIT_BINS) $(TEST_TOOLS) $(B)/cardwiz.pot
	tests/run-tests

# The tests alone, for when the packages are known to be in place.
test-only: all $(UNIT_BINS) $(TEST_TOOLS) $(B)/cardwiz.pot
	tests/run-tests

demo:
	$(MAKE) deps deps-test
	$(MAKE) all $(TEST_TOOLS)
	@if [ -x tests/testbed/demo ]; then tests/testbed/demo $(CARD); else $(B)/cardwiz --report; fi

# Install missing packages with apt-get; quiet when all are there; as non-root, say what to run.
define apt_install
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "cardwiz: missing packages:$$missing"; \
			echo "run: sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing"; \
			exit 1; \
		fi; \
		echo "installing:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; } || exit 1; \
	fi
endef

deps:
	$(call apt_install,$(DEPS_BUILD))

deps-deb: deps
	$(call apt_install,$(DEPS_DEB))

# vsmartcard-vpcd's reader.conf entry would give the host's pcscd two readers open to the
# network (doc/FIELD-NOTES.md): divert it out of reader.conf.d before and after installing (pcscd reads
# every file there but dot files, so the diverted copy lives outside); the test bed has its own.
VPCD_AWAY = /etc/vpcd.reader-conf.cardwiz-disabled
deps-test: deps
	@diverted=$$(dpkg-divert --truename $(VPCD_CONF)); \
	if [ "$$diverted" != $(VPCD_AWAY) ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "run: sudo dpkg-divert --local --rename --divert $(VPCD_AWAY) --add $(VPCD_CONF)"; exit 1; fi; \
		[ "$$diverted" = $(VPCD_CONF) ] || dpkg-divert --quiet --local --rename --remove $(VPCD_CONF); \
		dpkg-divert --quiet --local --rename --divert $(VPCD_AWAY) --add $(VPCD_CONF); \
		vpcd_moved=1; \
	fi; \
	if [ -e $(VPCD_CONF) ] && [ "$$(id -u)" = 0 ]; then mv -f $(VPCD_CONF) $(VPCD_AWAY); vpcd_moved=1; fi; \
	if [ -n "$${vpcd_moved:-}" ] && pidof pcscd >/dev/null 2>&1; then \
		systemctl try-restart pcscd.service 2>/dev/null || service pcscd restart >/dev/null 2>&1 || true; \
	fi
	$(call apt_install,$(DEPS_TEST))
	@! grep -ls libifdvpcd $$(find /etc/reader.conf.d -maxdepth 1 -type f ! -name '.*' 2>/dev/null) /dev/null || \
		{ echo "cardwiz: a vpcd reader entry is still in /etc/reader.conf.d"; exit 1; }

# The site file is the institution's: installed only where there is none (the package makes it a
# conffile), and uninstalled only while it is still the one shipped.
SITE_FILE = $(DESTDIR)$(SYSCONFDIR)/cardwiz/site.yaml
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(LOCALEDIR)/zh_TW/LC_MESSAGES $(DESTDIR)$(SYSCONFDIR)/cardwiz
	install -m 755 $(B)/cardwiz $(DESTDIR)$(BINDIR)/cardwiz
	install -m 644 wizard/faq.yaml wizard/readers.conf $(DESTDIR)$(DATADIR)/
	[ -e $(SITE_FILE) ] || install -m 644 wizard/site.yaml $(SITE_FILE)
	install -m 644 man/cardwiz.1 $(DESTDIR)$(MANDIR)/man1/cardwiz.1
	$(if $(wildcard man/cardwiz-wizard.5),install -m 644 man/cardwiz-wizard.5 $(DESTDIR)$(MANDIR)/man5/cardwiz-wizard.5)
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/zh_TW/LC_MESSAGES/cardwiz.mo

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cardwiz $(DESTDIR)$(MANDIR)/man1/cardwiz.1 \
		$(DESTDIR)$(MANDIR)/man5/cardwiz-wizard.5 $(DESTDIR)$(LOCALEDIR)/zh_TW/LC_MESSAGES/cardwiz.mo
	rm -f $(DESTDIR)$(DATADIR)/faq.yaml $(DESTDIR)$(DATADIR)/readers.conf
	-rmdir $(DESTDIR)$(DATADIR)
	! cmp -s wizard/site.yaml $(SITE_FILE) || rm -f $(SITE_FILE)
	-rmdir --ignore-fail-on-non-empty $(DESTDIR)$(SYSCONFDIR)/cardwiz

version:
	@echo $(VERSION)

# The Debian package (debian/, see README): dpkg-buildpackage runs in a copy of the tree's files
# under build/deb/ (tracked and new ones; git's list where there is one), so that its clean
# (make clean), debian/cardwiz/ and the .deb, .changes and .buildinfo it writes into the parent
# folder stay out of the work tree. The package is build/deb/cardwiz_VERSION_ARCH.deb.
DEB_SRC = $(B)/deb/cardwiz-$(VERSION)
deb:
	rm -rf $(B)/deb && mkdir -p $(DEB_SRC)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - ; \
	else tar --exclude=./build -cf - . ; fi | tar -xf - -C $(DEB_SRC)
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	@ls -1 $(B)/deb/cardwiz_$(VERSION)_*.deb

clean:
	rm -rf $(B)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# --- fuzzing and hardening (issue 8) ---
# libFuzzer targets (tests/fuzz/NAME.c, seeds in tests/fuzz/NAME/) built with clang, ASan and UBSan into
# build/fuzz/. Their library objects are their own (build/fuzz/obj/, build/fuzz/libcardwiz.a): never the
# normal tree's build/obj/ or build/libcardwiz.a. `make fuzz FUZZ_SECONDS=N` runs each target for N s;
# `make check` runs each briefly through tests/fuzz/t-smoke.sh. See tests/fuzz/README.md.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_B := $(B)/fuzz
FUZZ_NAMES := $(sort $(basename $(notdir $(wildcard tests/fuzz/*.c))))
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_B)/%)
# Warnings as the normal build has them, never -Werror: clang warns where gcc does not.
FUZZ_CFLAGS = -std=gnu11 -O1 -g $(filter-out -Werror,$(WARN)) -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link
# The front ends (src/ui/) are not fuzzed here: leaving them out keeps the build short.
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_B)/obj/%.o,$(filter-out src/ui/%,$(LIB_SRCS)))
FUZZ_VCARD_OBJS := $(patsubst %.c,$(FUZZ_B)/obj/%.o,$(filter-out tests/vcard/main.c,$(VCARD_SRCS)))
FUZZ_CRYPTO = $(shell $(PKG_CONFIG) --cflags --libs libcrypto)

.PHONY: fuzz-build

$(FUZZ_B)/flags: FORCE
	@mkdir -p $(FUZZ_B)
	@echo '$(FUZZ_CC) $(FUZZ_CFLAGS) $(CPPFLAGS_CW) $(PKG_CFLAGS)' | cmp -s - $@ || \
		echo '$(FUZZ_CC) $(FUZZ_CFLAGS) $(CPPFLAGS_CW) $(PKG_CFLAGS)' > $@

$(FUZZ_B)/obj/src/%.o: src/%.c $(FUZZ_B)/flags
	@mkdir -p $(dir $@)
	$(call say,FUZZCC,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(CPPFLAGS_CW) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_B)/obj/tests/vcard/%.o: tests/vcard/%.c $(FUZZ_B)/flags
	@mkdir -p $(dir $@)
	$(call say,FUZZCC,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(shell $(PKG_CONFIG) --cflags libcrypto) -MMD -MP -c -o $@ $<

$(FUZZ_B)/libcardwiz.a: $(FUZZ_LIB_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(filter-out $(FUZZ_B)/vcard,$(FUZZ_BINS)): $(FUZZ_B)/%: tests/fuzz/%.c $(FUZZ_B)/libcardwiz.a $(FUZZ_B)/flags
	$(call say,FUZZ,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(CPPFLAGS_CW) $(PKG_CFLAGS) -o $@ $< $(FUZZ_B)/libcardwiz.a $(PKG_LIBS)

$(FUZZ_B)/vcard: tests/fuzz/vcard.c $(FUZZ_VCARD_OBJS) $(FUZZ_B)/flags
	$(call say,FUZZ,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/vcard -o $@ $< $(FUZZ_VCARD_OBJS) $(FUZZ_CRYPTO)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	tests/fuzz/run-fuzzers $(FUZZ_SECONDS) $(FUZZ_NAMES)

-include $(shell find $(FUZZ_B)/obj -name '*.d' 2>/dev/null)
