#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for `npm run test:cluster` (README: needs
# root and Debian's slurmctld, slurmd and munge packages). Everything lives under DIR:
# slurm.conf, the MUNGE key and socket, the state and spool directories, the logs and
# the daemons' pid files; nothing under /etc or /var is read or written.
#
#   scripts/local-slurm.sh start DIR   # munged, slurmctld, slurmd; returns once the node is idle
#   scripts/local-slurm.sh stop DIR    # stops the three by their pids (safe to repeat)
#
# Client commands (sbatch, squeue, scancel, sacct) find the cluster through
# SLURM_CONF=DIR/slurm.conf. Ports: SLURMCTLD_PORT and SLURMD_PORT (default 16817, 16818).
# Made for containers: no cgroups (proctrack/linuxproc, task/none), both daemons as root,
# the node named after this machine's hostname and reached at 127.0.0.1.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$(realpath -m "$2")
daemons=(slurmd slurmctld munged)

stop() {
  for daemon in "${daemons[@]}"; do
    pidfile="$dir/run/$daemon.pid"
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

start() {
  for tool in munged mungekey slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || { echo "$0: $tool not found: install Debian's slurmctld, slurmd and munge packages (apt-get install slurmctld slurmd munge slurm-client)" >&2; exit 2; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "$0: needs root (slurmd runs jobs as their submitting user)" >&2; exit 2; }
  # DIR's parents may be world-writable (/tmp): munged accepts a sticky one, but wants its
  # own directories private.
  mkdir -p "$dir"/{run,log,state,spool,munge,munge-key}
  # munged wants its key private and its socket's directory open to every user.
  chmod 0755 "$dir" "$dir/munge"
  chmod 0700 "$dir/munge-key"
  host=$(hostname -s)
  ctld_port=${SLURMCTLD_PORT:-16817}
  slurmd_port=${SLURMD_PORT:-16818}
  cpus=$(nproc)
  memory_mb=$(awk '/MemTotal/ { print int($2 / 1024 / 2) }' /proc/meminfo)

  mungekey --create --keyfile="$dir/munge-key/munge.key" --force
  chmod 0400 "$dir/munge-key/munge.key"

  cat > "$dir/slurm.conf" <<CONF
ClusterName=simlocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid.slurm
SlurmdPidFile=$dir/run/slurmd.pid.slurm
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=5
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=3600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
  export SLURM_CONF="$dir/slurm.conf"

  # Each daemon in the foreground (-F/-D) in the background of this shell: $! is its pid.
  setsid munged -F --key-file="$dir/munge-key/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/run/munged.pid.munge" --log-file="$dir/log/munged.log" --seed-file="$dir/munge-key/munge.seed" \
    </dev/null >>"$dir/log/munged.out" 2>&1 &
  echo $! > "$dir/run/munged.pid"
  for _ in $(seq 50); do [ -S "$dir/munge/munge.socket" ] && break; sleep 0.1; done
  if [ ! -S "$dir/munge/munge.socket" ]; then
    echo "$0: munged did not start:" >&2; tail -n 5 "$dir/log/munged.out" >&2; stop; exit 1
  fi
  setsid slurmctld -D -i </dev/null >>"$dir/log/slurmctld.out" 2>&1 &
  echo $! > "$dir/run/slurmctld.pid"
  setsid slurmd -D </dev/null >>"$dir/log/slurmd.out" 2>&1 &
  echo $! > "$dir/run/slurmd.pid"

  for _ in $(seq 300); do
    state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
    case "$state" in idle*|mix*|alloc*) echo "local Slurm up: node $host, SLURM_CONF=$dir/slurm.conf"; return 0 ;; esac
    sleep 0.2
  done
  echo "$0: the node did not come up within 60 s; logs in $dir/log:" >&2
  tail -n 20 "$dir"/log/*.log "$dir"/log/*.out >&2 || true
  stop
  exit 1
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
