# Makefile — build, test, install cardwiz (GNU make + pkg-config, no autotools).
VERSION := 0.1.0

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/cardwiz
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
	-DCW_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' -DDATADIR='"$(DATADIR)"'
ALL_CFLAGS = -std=gnu11 $(OPT) $(WARN) $(SAN) $(CPPFLAGS_CW) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

SRCS := $(wildcard src/*.c src/*/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
MAIN_OBJ := $(B)/obj/src/main.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
VCARD_SRCS := $(wildcard tests/vcard/*.c)
MO := $(B)/locale/zh_TW/LC_MESSAGES/cardwiz.mo
TEST_TOOLS := $(if $(VCARD_SRCS),$(B)/vcard) $(if $(wildcard tests/testbed/pcsc-wait.c),$(B)/pcsc-wait)

# Packages: building and running, then what the tests and the demo add (Debian 12 names).
DEPS_BUILD = gcc make pkg-config gettext libncurses-dev libpcsclite-dev libp11-dev libssl-dev \
	libyaml-dev libjson-c-dev libqrencode-dev libp11-kit-dev pcscd libccid opensc-pkcs11
DEPS_TEST = check vsmartcard-vpcd opensc softhsm2 gnutls-bin pcsc-tools tmux iproute2 \
	util-linux procps python3 man-db bsdextrautils systemd bc valgrind gdb clang libclang-rt-14-dev
VPCD_CONF = /etc/reader.conf.d/vpcd

.PHONY: all check test-only install uninstall clean deps deps-test demo bench pot FORCE
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

# vsmartcard-vpcd's reader.conf entry would give the host's pcscd two readers open to the
# network (FIELD-NOTES): divert it out of reader.conf.d before and after installing (pcscd reads
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

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(LOCALEDIR)/zh_TW/LC_MESSAGES
	install -m 755 $(B)/cardwiz $(DESTDIR)$(BINDIR)/cardwiz
	install -m 644 wizard/*.yaml $(DESTDIR)$(DATADIR)/
	install -m 644 man/cardwiz.1 $(DESTDIR)$(MANDIR)/man1/cardwiz.1
	$(if $(wildcard man/cardwiz-wizard.5),install -m 644 man/cardwiz-wizard.5 $(DESTDIR)$(MANDIR)/man5/cardwiz-wizard.5)
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/zh_TW/LC_MESSAGES/cardwiz.mo

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cardwiz $(DESTDIR)$(MANDIR)/man1/cardwiz.1 \
		$(DESTDIR)$(MANDIR)/man5/cardwiz-wizard.5 $(DESTDIR)$(LOCALEDIR)/zh_TW/LC_MESSAGES/cardwiz.mo
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/,$(notdir $(wildcard wizard/*.yaml)))
	-rmdir $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(B)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
