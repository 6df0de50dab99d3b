# shellcheck shell=bash
# Shared parts of the test bed: run, bin/testbed-card, bin/testbed-service.
# Sourced, not run. Everything the tools share lives in files in TESTBED_DIR:
#   pcscd.pid pcscd.log readers      the PC/SC service and its reader count
#   card.env card.in vcard.pid       the card's options, "card is in", emulator
#   vcard.log card-N.state certs/    emulator log, PIN/PUK state, keys+certs

TB_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TB_ROOT=$(cd "$TB_HERE/../.." && pwd)
TB_BUILD=$TB_ROOT/build
TB_WAIT=$TB_BUILD/pcsc-wait
TB_VCARD=${TESTBED_VCARD:-$TB_BUILD/vcard} # TESTBED_VCARD: another emulator
TB_VCARD_COMM=$(basename "$TB_VCARD")
TB_VCARD_COMM=${TB_VCARD_COMM:0:15}
TB_READER0="Virtual PCD 00 00"
TB_PORT0=35963 # vpcd: slot N ("Virtual PCD 00 0N") listens on TB_PORT0+N
TB_MOICA_ATR=3B8B80010031C1640840213000900057 # MOICA (Taiwan citizen card)
TB_TIMEOUT=${TESTBED_TIMEOUT:-10}

tb_die() {
	echo "testbed: $*" >&2
	exit 2
}

tb_note() {
	echo "testbed: $*" >&2
}

tb_check_build() {
	local f missing=()
	for f in "$TB_WAIT" "$TB_VCARD"; do
		[[ -x $f ]] || missing+=("$f")
	done
	((${#missing[@]} == 0)) && return 0
	tb_die "missing ${missing[*]} (build it first: make check builds it, or see tests/testbed/README.md)"
}

tb_need_dir() {
	[[ -n ${TESTBED_DIR:-} && -d $TESTBED_DIR ]] ||
		tb_die "TESTBED_DIR is not set: run this inside tests/testbed/run"
}

# --- processes ---------------------------------------------------------------

# Alive and not a zombie.
tb_pid_alive() {
	local stat
	[[ -n ${1:-} ]] || return 1
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ ${stat:0:1} != Z ]]
}

# Wait (retrying every 10 ms) until PID has exited; 1 if still alive after SECS.
tb_wait_exit() {
	local pid=$1 tries=$((${2:-5} * 100))
	while tb_pid_alive "$pid"; do
		((tries-- > 0)) || return 1
		sleep 0.01
	done
}

tb_pidfile_pid() {
	local pid
	pid=$(cat "$1" 2>/dev/null) || return 1
	tb_pid_alive "$pid" || return 1
	echo "$pid"
}

# Signal the process in PIDFILE (only if its name is NAME), wait for its exit.
tb_stop_pidfile() {
	local file=$1 name=$2 sig=$3 pid
	if pid=$(tb_pidfile_pid "$file") && [[ $(cat "/proc/$pid/comm") == "$name" ]]; then
		kill "-$sig" "$pid" 2>/dev/null || true
		if ! tb_wait_exit "$pid" 5; then
			tb_note "$name (pid $pid) ignored SIG$sig, killing it"
			kill -KILL "$pid" 2>/dev/null || true
			tb_wait_exit "$pid" 2 || true
		fi
	fi
	rm -f "$file"
}

# Run pcsc-wait ARGS while watching PID: fail at once if PID dies first.
tb_wait_state() {
	local pid=$1 what=$2 waiter done_pid rc
	shift 2
	"$TB_WAIT" "--timeout=$TB_TIMEOUT" "$@" &
	waiter=$!
	if [[ -z $pid ]]; then
		wait "$waiter" && return 0
		tb_note "$what: not reached"
		return 1
	fi
	rc=0
	wait -n -p done_pid "$waiter" "$pid" || rc=$?
	if [[ $done_pid == "$waiter" ]]; then
		((rc == 0)) && return 0
		tb_note "$what: not reached"
		return 1
	fi
	kill "$waiter" 2>/dev/null || true
	wait "$waiter" 2>/dev/null || true
	tb_note "$what: the process $pid exited (status $rc) before that"
	return 1
}

# --- the PC/SC service -------------------------------------------------------

tb_confdir() { # readers
	local dir=$TESTBED_DIR/conf/readers-$1
	if [[ ! -d $dir ]]; then
		mkdir -p "$dir"
		if [[ $1 == 2 ]]; then
			cat >"$dir/vpcd" <<-EOF
				FRIENDLYNAME "Virtual PCD"
				DEVICENAME /dev/null:0x8C7B
				LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so
				CHANNELID 0x8C7B
			EOF
		fi
	fi
	echo "$dir"
}

tb_readers() {
	cat "$TESTBED_DIR/readers" 2>/dev/null || echo 2
}

tb_service_pid() {
	tb_pidfile_pid "$TESTBED_DIR/pcscd.pid"
}

# Up with readers: a card emulator can connect.
tb_service_has_readers() {
	tb_service_pid >/dev/null && [[ $(tb_readers) == 2 ]]
}

tb_service_start() { # readers
	local readers=$1 conf pid
	tb_service_pid >/dev/null && tb_die "pcscd is already running"
	echo "$readers" >"$TESTBED_DIR/readers"
	conf=$(tb_confdir "$readers")
	# A pcscd killed with SIGKILL leaves these behind.
	rm -f /run/pcscd/pcscd.pid /run/pcscd/pcscd.comm
	echo "--- pcscd start (readers $readers) $(date -u +%T.%N)" >>"$TESTBED_DIR/pcscd.log"
	pcscd -f -c "$conf" </dev/null >>"$TESTBED_DIR/pcscd.log" 2>&1 &
	pid=$!
	echo "$pid" >"$TESTBED_DIR/pcscd.pid"
	tb_wait_state "$pid" "pcscd with $readers readers" readers "$readers" || {
		tail -n 5 "$TESTBED_DIR/pcscd.log" >&2
		return 1
	}
	disown "$pid" # no "Killed" notice from this shell later
}

tb_service_stop() { # signal
	local pid
	pid=$(tb_service_pid) || {
		rm -f "$TESTBED_DIR/pcscd.pid"
		return 0
	}
	tb_card_dropped && rm -f "$TESTBED_DIR/card.in"
	echo "--- pcscd SIG$1 $(date -u +%T.%N)" >>"$TESTBED_DIR/pcscd.log"
	tb_stop_pidfile "$TESTBED_DIR/pcscd.pid" pcscd "$1"
	"$TB_WAIT" --timeout="$TB_TIMEOUT" gone
	# The emulator notices vpcd closing and exits on its own.
	tb_card_reap
}

# --- the card ----------------------------------------------------------------

# card.env holds CARD_KIND CARD_CERTS CARD_PIN CARD_PUK CARD_TRIES
# CARD_PUK_TRIES CARD_APDU_LOG CARD_DROP_AT CARD_GEN CARD_CN CARD_ATR CARD_SLOT.
tb_card_load() {
	CARD_ATR= # card.env files written before --atr existed have none
	CARD_SLOT=0
	# shellcheck source=/dev/null
	source "$TESTBED_DIR/card.env"
}

tb_card_save() {
	# -g: tb_card_load sources it inside a function.
	declare -p CARD_KIND CARD_CERTS CARD_PIN CARD_PUK CARD_TRIES \
		CARD_PUK_TRIES CARD_APDU_LOG CARD_DROP_AT CARD_GEN CARD_CN CARD_ATR CARD_SLOT |
		sed 's/^declare /declare -g /' >"$TESTBED_DIR/card.env"
}

tb_card_pid() {
	tb_pidfile_pid "$TESTBED_DIR/vcard.pid"
}

# The card dropped out by itself (--drop-at, a crash): the emulator is gone
# while a reader was there to hold it.
tb_card_dropped() {
	[[ -e $TESTBED_DIR/card.in ]] && ! tb_card_pid >/dev/null && tb_service_has_readers
}

# In the slot: the emulator runs, or no reader is up to take it just now.
tb_card_is_in() {
	[[ -e $TESTBED_DIR/card.in ]] && ! tb_card_dropped
}

# Make the key/cert set the card needs (only when its kind or keys changed).
tb_card_certs() { # new-keys(0|1)
	local dir=$TESTBED_DIR/certs want have=
	want="$CARD_CERTS/$CARD_GEN"
	have=$(cat "$dir/.made" 2>/dev/null) || true
	[[ $want == "$have" ]] && return 0
	local args=("$CARD_CERTS" "$dir" --subject-cn "$CARD_CN")
	[[ ${1:-0} == 1 ]] && args+=(--new-keys)
	"$TB_HERE/mkcerts" "${args[@]}" || return 1
	echo "$want" >"$dir/.made"
}

# The reader of a vpcd slot (0 or 1).
tb_slot_reader() {
	echo "Virtual PCD 00 0$1"
}

tb_card_args() {
	TB_ARGS=(--port "$((TB_PORT0 + ${CARD_SLOT:-0}))" --host 127.0.0.1
		--state "$TESTBED_DIR/card-$CARD_GEN.state"
		--pin "$CARD_PIN" --puk "$CARD_PUK" --tries "$CARD_TRIES")
	[[ -n $CARD_PUK_TRIES ]] && TB_ARGS+=(--puk-tries "$CARD_PUK_TRIES")
	[[ -n $CARD_APDU_LOG ]] && TB_ARGS+=(--apdu-log "$CARD_APDU_LOG")
	[[ -n $CARD_DROP_AT ]] && TB_ARGS+=("--drop-at=$CARD_DROP_AT")
	case $CARD_KIND in
	piv) TB_ARGS+=(--certs "$TESTBED_DIR/certs") ;;
	mute) TB_ARGS+=(--certs "$TESTBED_DIR/certs" --mute) ;;
	broken) TB_ARGS+=(--certs "$TESTBED_DIR/certs" --broken) ;;
	garbage) TB_ARGS+=(--applet=garbage) ;;
	moica) TB_ARGS+=(--atr "$TB_MOICA_ATR" --applet=none) ;;
	*) tb_die "unknown card kind $CARD_KIND" ;;
	esac
	# --atr: any bytes, checked by nobody (a garbage or truncated ATR); the last --atr wins.
	[[ -n ${CARD_ATR:-} ]] && TB_ARGS+=(--atr "$CARD_ATR")
	return 0
}

# Start the emulator and wait until the reader shows the card PRESENT.
tb_card_start() {
	local pid
	tb_card_load
	tb_card_args
	echo "--- vcard ${TB_ARGS[*]} $(date -u +%T.%N)" >>"$TESTBED_DIR/vcard.log"
	"$TB_VCARD" "${TB_ARGS[@]}" </dev/null >>"$TESTBED_DIR/vcard.log" 2>&1 &
	pid=$!
	echo "$pid" >"$TESTBED_DIR/vcard.pid"
	# --drop-at is one shot: a re-insert does not arm it again.
	if [[ -n $CARD_DROP_AT ]]; then
		CARD_DROP_AT=
		tb_card_save
	fi
	local reader
	reader=$(tb_slot_reader "${CARD_SLOT:-0}")
	tb_wait_state "$pid" "card $CARD_KIND in \"$reader\"" present "$reader" || {
		tail -n 5 "$TESTBED_DIR/vcard.log" >&2
		return 1
	}
	disown "$pid"
}

# Put the card in: start the emulator now if a reader can take it.
tb_card_insert() {
	: >"$TESTBED_DIR/card.in"
	if tb_service_has_readers; then
		tb_card_start
	fi
}

# After the emulator has exited on its own (pcscd gone), forget its pid.
tb_card_reap() {
	local pid
	if pid=$(tb_card_pid); then
		tb_wait_exit "$pid" 5 || tb_stop_pidfile "$TESTBED_DIR/vcard.pid" "$TB_VCARD_COMM" TERM
	fi
	rm -f "$TESTBED_DIR/vcard.pid"
}

# Pull the card: SIGTERM the emulator, wait for EMPTY when pcscd can tell.
tb_card_remove() {
	local reader
	tb_card_load
	reader=$(tb_slot_reader "$CARD_SLOT")
	rm -f "$TESTBED_DIR/card.in"
	tb_stop_pidfile "$TESTBED_DIR/vcard.pid" "$TB_VCARD_COMM" TERM
	if tb_service_has_readers; then
		tb_wait_state "" "\"$reader\" EMPTY" empty "$reader"
	fi
}

# A second card (run --second-card=KIND) in the other slot: its own emulator, keys and state
# (vcard2.pid, certs2/, card2.state); it stays in until the run ends.
tb_second_card_start() { # kind(piv|moica) slot
	local pid reader args
	reader=$(tb_slot_reader "$2")
	args=(--port "$((TB_PORT0 + $2))" --host 127.0.0.1 --state "$TESTBED_DIR/card2.state"
		--pin "$CARD_PIN" --puk "$CARD_PUK" --tries "$CARD_TRIES")
	case $1 in
	piv)
		"$TB_HERE/mkcerts" valid "$TESTBED_DIR/certs2" --subject-cn "cardwiz Second User" || return 1
		args+=(--certs "$TESTBED_DIR/certs2") ;;
	moica) args+=(--atr "$TB_MOICA_ATR" --applet=none) ;;
	*) tb_die "unknown second card kind $1" ;;
	esac
	echo "--- vcard (second card) ${args[*]} $(date -u +%T.%N)" >>"$TESTBED_DIR/vcard2.log"
	"$TB_VCARD" "${args[@]}" </dev/null >>"$TESTBED_DIR/vcard2.log" 2>&1 &
	pid=$!
	echo "$pid" >"$TESTBED_DIR/vcard2.pid"
	tb_wait_state "$pid" "second card $1 in \"$reader\"" present "$reader" || {
		tail -n 5 "$TESTBED_DIR/vcard2.log" >&2
		return 1
	}
	disown "$pid"
}
