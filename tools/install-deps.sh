#!/bin/sh
# Install the Debian packages the build and the tests need, only when missing.
# Runs apt-get directly as root, through sudo otherwise, and says clearly
# when neither is possible. Never prompts.
set -eu

BUILD_PKGS="build-essential pkg-config libpcap-dev libnids-dev uthash-dev check"
# clang 14's sanitizer and libFuzzer runtimes (libclang_rt.asan, .ubsan,
# .fuzzer-x86_64.a: make check, make fuzz) are in libclang-rt-14-dev, which
# the libclang-rt-dev metapackage only pulls in for the default clang.
TEST_PKGS="clang libclang-rt-14-dev libclang-rt-dev tshark bro-aux python3 time"
# The live end-to-end tests: a real smbd, clients and a capture in network
# namespaces; the service files' checks.
LIVE_PKGS="samba smbclient python3-impacket libnss-wrapper tcpdump ethtool iproute2 groff-base logrotate"

# bench/live_rate.sh replays captures into a veth.
BENCH_PKGS="tcpreplay"

case "${1:-all}" in
build) want="$BUILD_PKGS" ;;
bench) want="$BUILD_PKGS $TEST_PKGS $LIVE_PKGS $BENCH_PKGS" ;;
valgrind) want="$BUILD_PKGS valgrind python3 tshark" ;;
*) want="$BUILD_PKGS $TEST_PKGS $LIVE_PKGS" ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: not root and no password-less sudo; install them with: sudo apt-get install$missing" >&2
	exit 1
fi

echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer for it.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get update -qq
# Daemons in these packages (smbd, nmbd) are for the tests to start in
# namespaces, not to run on this machine: forbid starting them while they
# are installed (policy-rc.d, as in container images), unless a policy exists.
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod 755 "$policy"
fi
rc=0
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || rc=$?
[ -z "$policy" ] || $SUDO rm -f "$policy"
exit $rc
