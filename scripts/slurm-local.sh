#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the sweep integration tests and for trying `kdgan sweep --slurm`.
#   scripts/slurm-local.sh start   installs munge + Slurm (apt) when missing, writes a slurm.conf naming this host with
#                                  its CPUs, starts munged, slurmctld and slurmd by hand (no systemd), waits until the
#                                  node is idle, and prints the line to eval: export SLURM_CONF=...
#   scripts/slurm-local.sh stop    stops the three daemons and removes the state folder
#   scripts/slurm-local.sh status  prints sinfo, or fails when the cluster is not up
# Everything lives in $KDGAN_SLURM_DIR (default /tmp/kdgan-slurm); /etc/slurm is not touched. Needs root (the daemons
# run as root, as a one-node test cluster may).
set -euo pipefail

DIR="${KDGAN_SLURM_DIR:-/tmp/kdgan-slurm}"
CONF="$DIR/slurm.conf"
HOST="$(hostname -s)"

say() { echo "slurm-local: $*" >&2; }
fail() { say "$*"; for f in "$DIR"/*.log; do [ -s "$f" ] && { say "--- $f"; tail -n 20 "$f" >&2; }; done; exit 1; }

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null && return
  [ "$(id -u)" -eq 0 ] || fail "installing Slurm needs root"
  say "installing slurmctld, slurmd, slurm-client and munge (apt)"
  apt-get update -qq >"$DIR/apt.log" 2>&1 || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >>"$DIR/apt.log" 2>&1 \
    || fail "apt-get install of Slurm failed"
}

write_conf() {
  local cpus mem
  cpus="$(nproc)"
  mem="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)"
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
  cat >"$CONF" <<EOF
# written by scripts/slurm-local.sh: one node, this host, $cpus CPUs
ClusterName=kdgan-local
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1
MinJobAge=300
KillWait=10
SlurmdTimeout=30
InactiveLimit=0
NodeName=$HOST CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  [ -S "$DIR/munge/munge.socket.2" ] && munge -n -S "$DIR/munge/munge.socket.2" >/dev/null 2>&1 && return
  local key=/etc/munge/munge.key
  if [ ! -f "$key" ]; then
    key="$DIR/munge/munge.key"
    [ -f "$key" ] || { dd if=/dev/urandom of="$key" bs=1 count=1024 status=none; chmod 400 "$key"; }
  fi
  munged --force --key-file="$key" --socket="$DIR/munge/munge.socket.2" --pid-file="$DIR/munge/munged.pid" \
    --log-file="$DIR/munge.log" --seed-file="$DIR/munge/munge.seed" >/dev/null 2>&1 || fail "munged did not start"
}

wait_idle() {
  local i state
  for i in $(seq 1 60); do
    state="$(SLURM_CONF="$CONF" sinfo -h -n "$HOST" -o %T 2>/dev/null || true)"
    case "$state" in idle*|mix*|alloc*) return 0 ;; esac
    [ $((i % 10)) -eq 0 ] && SLURM_CONF="$CONF" scontrol update nodename="$HOST" state=resume >/dev/null 2>&1 || true
    sleep 1
  done
  fail "the node is not idle after 60 s (state: '${state:-unknown}')"
}

start() {
  mkdir -p "$DIR"
  install_packages
  if [ -f "$CONF" ] && [ -f "$DIR/slurmd.pid" ] && kill -0 "$(cat "$DIR/slurmd.pid")" 2>/dev/null; then
    say "already running"
  else
    write_conf
    start_munge
    SLURM_CONF="$CONF" slurmctld -f "$CONF" >>"$DIR/slurmctld.out" 2>&1 || fail "slurmctld did not start"
    SLURM_CONF="$CONF" slurmd -f "$CONF" >>"$DIR/slurmd.out" 2>&1 || fail "slurmd did not start"
  fi
  wait_idle
  say "up: node $HOST, $(nproc) CPUs, state in $DIR"
  echo "export SLURM_CONF=$CONF"
}

kill_pidfile() { [ -f "$1" ] && kill "$(cat "$1")" 2>/dev/null || true; }

stop() {
  [ -f "$CONF" ] && SLURM_CONF="$CONF" scancel --user "$(id -un)" >/dev/null 2>&1 || true
  kill_pidfile "$DIR/slurmd.pid"
  kill_pidfile "$DIR/slurmctld.pid"
  kill_pidfile "$DIR/munge/munged.pid"
  sleep 1
  rm -rf "$DIR"
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) [ -f "$CONF" ] && SLURM_CONF="$CONF" sinfo || fail "not running" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
