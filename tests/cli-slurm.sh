#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# README's Slurm job array, on a one-node Slurm cluster that this test
# starts on localhost and stops again: count.sh and the two sbatch lines
# are taken from README (only ROOT is changed, to a tree made here) and
# submitted as written; the merge job's output must be one run's, and the
# shards merge as one run in every --format.  A shard that fails, or one
# that never runs (cancelled), makes the merge job name it and exit 2.
#
# The cluster: munged with its own key and socket, slurmctld and slurmd
# in the foreground (-D, no systemd), a slurm.conf written here
# (SLURM_CONF), state, spool and logs in $TMP, ports picked free.  Every
# daemon started here is stopped on exit, interrupted or not, and so is
# any process left from its jobs: slurmstepd by its working directory,
# the jobs' processes by a variable in their environment (see ours()).
# Needs root: slurmd runs the jobs as their user, and munged must own
# its key.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "${TESTLIB:-$0}")/engines-lib.sh"

cd "$TMP" || exit 99

PATH=$PATH:/usr/sbin:/sbin
if [ "$(id -u)" -ne 0 ]; then
	skip "README's Slurm job array" "not root (slurmd and munged need it)"
	done_testing
fi
for cmd in munged slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
	if ! command -v $cmd >/dev/null 2>&1; then
		skip "README's Slurm job array" \
			"$cmd is not installed (Debian: munge slurmctld slurmd slurm-client)"
		done_testing
	fi
done

# What a Slurm job or a user's setup left in the environment would steer
# sbatch and the daemons elsewhere.
for var in $(env | sed -n 's/^\(\(SLURM\|SBATCH\|SQUEUE\|SINFO\|SCONTROL\|SCANCEL\|SALLOC\|SRUN\)_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$var"
done

# README's blocks: the script count.sh, then the two submissions.
readme_block '^    #!/bin/sh$' >count.readme
readme_block '^    jid=\$\(sbatch ' >submit.readme
submit_array=$(sed -n 1p submit.readme)
submit_merge=$(sed -n 2p submit.readme)
# count.sh's command as one line, its ROOT and GLOB.
command=$(sed -e :a -e '/\\$/N; s/\\\n *//; ta' count.readme | sed -n 3p)
root=$(printf '%s\n' "$command" |
	sed -n "s/.* --format=jsonl \(\/[A-Za-z0-9_./-]*\) '\([^']*\)' >.*/\1/p")
glob=$(printf '%s\n' "$command" |
	sed -n "s/.* --format=jsonl \(\/[A-Za-z0-9_./-]*\) '\([^']*\)' >.*/\2/p")
# shellcheck disable=SC2016 # README's text, not expanded
if [ "$(sed -n 2p count.readme)" = "#SBATCH --array=1-4" ] &&
   [ -n "$root" ] && [ -n "$glob" ] &&
   [ "$submit_array" = 'jid=$(sbatch --parsable count.sh)' ] &&
   [ "$(printf '%s\n' "$submit_merge" | cut -d' ' -f1-3)" = \
	'sbatch --dependency=afterany:$jid --wrap' ]; then
	ok "README's Slurm example found: $root '$glob', --array=1-4"
else
	not_ok "README's Slurm example found" \
		"count.sh in README: $(tr '\n' '|' <count.readme)" \
		"the submissions in README: $(tr '\n' '|' <submit.readme)"
	done_testing
fi

tree=$TMP/tree
make_src_tree "$tree"
put_on_path
saved_path=$PATH

# --- the cluster ---------------------------------------------------------

sl=$TMP/slurm
mkdir -p "$sl/munge" "$sl/state" "$sl/spool" "$sl/log" || exit 99
# munged's socket must be reachable by all, its key its own.
chmod 711 "$TMP" "$sl" "$sl/munge" || exit 99
dd if=/dev/urandom of="$sl/munge/munge.key" bs=1024 count=1 2>/dev/null ||
	exit 99
chmod 600 "$sl/munge/munge.key" || exit 99
SLURM_CONF=$sl/slurm.conf
FSTAT_PAR_SLURM_TEST=$TMP
export SLURM_CONF FSTAT_PAR_SLURM_TEST
munged_pid=
slurmctld_pid=
slurmd_pid=

# alive PID: the process runs (a zombie, not yet reaped, does not).
alive() {
	[ -e "/proc/$1" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

# stop PID...: SIGTERM, up to 10 s to end, then SIGKILL; reaped.
stop() {
	for pid; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid; do
		n=0
		while alive "$pid" && [ $n -lt 50 ]; do
			sleep 0.2
			n=$((n + 1))
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}

# Jobs first (a cancelled job's slurmstepd reports its end to slurmctld
# before it exits: it must find it there), then slurmd and slurmctld.
stop_daemons() {
	if [ -n "$slurmctld_pid" ] && alive "$slurmctld_pid"; then
		timeout 10 scancel --quiet --user="$(id -un)" 2>/dev/null
		n=0
		while [ $n -lt 50 ] &&
		      [ -n "$(timeout 5 squeue -h -o %i 2>/dev/null)" ]; do
			sleep 0.2
			n=$((n + 1))
		done
	fi
	# shellcheck disable=SC2086 # the empty ones go away
	stop $slurmd_pid $slurmctld_pid
	slurmd_pid=
	slurmctld_pid=
}

# ours: the processes this run started that still run, one pid a line:
# those in $sl (the daemons run there, and the slurmstepd they fork,
# whose environment is gone) and those with the mark in their
# environment (the jobs, which get sbatch's).  In a subshell without the
# mark, so that what it runs to look is not taken for one of them.
mark="FSTAT_PAR_SLURM_TEST=$TMP"
ours() (
	unset FSTAT_PAR_SLURM_TEST
	for proc in /proc/[0-9]*; do
		pid=${proc#/proc/}
		[ "$pid" != $$ ] || continue
		case $(readlink "$proc/cwd" 2>/dev/null) in
		"$sl" | "$sl"/*)
			echo "$pid"
			continue
			;;
		esac
		if { tr '\0' '\n' <"$proc/environ"; } 2>/dev/null |
		   grep -qxF "$mark"; then
			echo "$pid"
		fi
	done
)

# Everything this run started: the daemons, then whatever is left.
stop_cluster() {
	stop_daemons
	# shellcheck disable=SC2086
	stop $munged_pid
	munged_pid=
	for pid in $(ours); do
		kill -KILL "$pid" 2>/dev/null
	done
}
trap 'stop_cluster; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nothing uses (listening or not), outside the usual ephemeral
# range, so that neither a service nor another run of this test has it.
free_port() {
	while :; do
		r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		p=$((10000 + r % 20000))
		[ "$p" != "${1:-}" ] || continue
		hex=$(printf '%04X' $p)
		if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		     awk -v h="$hex" '{ split($2, a, ":"); if (a[2] == h) f = 1 }
				    END { exit !f }'; then
			echo $p
			return
		fi
	done
}

(cd "$sl" && exec munged --foreground --key-file="$sl/munge/munge.key" \
	--socket="$sl/munge/munge.socket" --pid-file="$sl/munge/munged.pid" \
	--seed-file="$sl/munge/munged.seed" --log-file="$sl/log/munged.log") \
	>"$sl/log/munged.out" 2>&1 &
munged_pid=$!
n=0
while [ ! -S "$sl/munge/munge.socket" ] && alive $munged_pid && [ $n -lt 50 ]; do
	sleep 0.2
	n=$((n + 1))
done
if [ ! -S "$sl/munge/munge.socket" ]; then
	not_ok "munged starts"
	diag "its output:" <"$sl/log/munged.out"
	done_testing
fi

# The node as slurmd sees this machine (its first line, the NodeName one).
node=$(slurmd -C 2>/dev/null | sed -n 1p)
nodename=$(printf '%s\n' "$node" | sed -n 's/^NodeName=\([^ ]*\) .*/\1/p')
if [ -z "$nodename" ]; then
	not_ok "slurmd -C describes this node"
	slurmd -C 2>&1 | diag "it says:"
	done_testing
fi

# start_cluster: slurm.conf with fresh ports, slurmctld and slurmd, and
# the node idle; 1 if it did not come up (a port taken since it was
# picked, most likely).
start_cluster() {
	ctld_port=$(free_port)
	slurmd_port=$(free_port "$ctld_port")
	cat >"$SLURM_CONF" <<EOF || exit 99
ClusterName=fstatpartest
SlurmctldHost=$nodename(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sl/munge/munge.socket
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
# A job takes a CPU, not the node's whole memory (as one without --mem
# would with the default CR_Core_Memory), so that tasks run side by side.
SelectTypeParameters=CR_Core
# The main scheduling loop every second, not every minute: a job that no
# event starts (one pending while the node was drained) waits no longer.
SchedulerParameters=batch_sched_delay=0,sched_interval=1
MailProg=/bin/true
ReturnToService=2
StateSaveLocation=$sl/state
SlurmdSpoolDir=$sl/spool
SlurmctldPidFile=$sl/slurmctld.pid
SlurmdPidFile=$sl/slurmd.pid
SlurmctldLogFile=$sl/log/slurmctld.log
SlurmdLogFile=$sl/log/slurmd.log
$node NodeAddr=127.0.0.1 State=UNKNOWN
# Up to 4 jobs on each CPU: the tasks of an array start together.
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
	(cd "$sl" && exec slurmctld -D) >"$sl/log/slurmctld.out" 2>&1 &
	slurmctld_pid=$!
	(cd "$sl" && exec slurmd -D) >"$sl/log/slurmd.out" 2>&1 &
	slurmd_pid=$!
	n=0
	while [ $n -lt 150 ]; do
		if ! alive $slurmctld_pid; then
			why="slurmctld ended"
			return 1
		fi
		if ! alive $slurmd_pid; then
			why="slurmd ended"
			return 1
		fi
		state=$(sinfo -h -o %T 2>/dev/null)
		[ "$state" = idle ] && return 0
		sleep 0.2
		n=$((n + 1))
	done
	why="the node is not idle after 30 s, but ${state:-unknown}"
	return 1
}

tries=0
started=$(date +%s)
until start_cluster; do
	stop_daemons
	tries=$((tries + 1))
	echo "# the cluster did not start (ports $ctld_port, $slurmd_port): $why"
	tail -n 5 "$sl/log/slurmctld.out" | diag "slurmctld:"
	tail -n 5 "$sl/log/slurmd.out" | diag "slurmd:"
	if [ $tries -ge 3 ]; then
		not_ok "a one-node Slurm cluster starts"
		diag "slurm.conf:" <"$SLURM_CONF"
		tail -n 20 "$sl/log/slurmctld.out" | diag "slurmctld:"
		tail -n 20 "$sl/log/slurmd.out" | diag "slurmd:"
		done_testing
	fi
done
ok "a one-node Slurm cluster starts ($nodename, ports $ctld_port and $slurmd_port)"
echo "# the cluster started in $(($(date +%s) - started)) s"

# --- the jobs ------------------------------------------------------------

# In a fresh directory DIR: count.sh as README has it, ROOT made $tree.
workdir() {
	mkdir "$1" || exit 99
	cd "$1" || exit 99
	sed "s|$root|$tree|" "$TMP/count.readme" >count.sh || exit 99
}

# README's first submission: sets $jid.
submit_count() {
	jid=
	eval "$submit_array"
	if [ -z "$jid" ]; then
		not_ok "$1: sbatch count.sh" "sbatch said nothing"
		done_testing
	fi
}

# README's second submission: sets $merge_jid from what sbatch says.
submit_merge() {
	merge_jid=$(eval "$submit_merge" | sed -n 's/^Submitted batch job \([0-9]*\)$/\1/p')
	if [ -z "$merge_jid" ]; then
		not_ok "$1: sbatch the merge" "sbatch said nothing"
		done_testing
	fi
}

# Wait (up to 2 minutes) until no job is left in the queue.
wait_jobs() {
	n=0
	while [ -n "$(squeue -h -o %i 2>/dev/null)" ]; do
		if [ $n -ge 600 ]; then
			not_ok "$1: the jobs end within 2 minutes"
			squeue 2>&1 | diag "squeue:"
			return
		fi
		sleep 0.2
		n=$((n + 1))
	done
}

# "TASK STATE EXITCODE" for each task of array job $1, by task.
task_states() {
	scontrol -o show job "$1" 2>/dev/null |
		sed -n 's/.* ArrayTaskId=\([0-9]*\) .* JobState=\([A-Z_]*\) .* ExitCode=\([0-9:]*\) .*/\1 \2 \3/p' |
		sort -n
}

# "STATE EXITCODE" of job $1.
job_state() {
	scontrol -o show job "$1" 2>/dev/null |
		sed -n 's/.* JobState=\([A-Z_]*\) .* ExitCode=\([0-9:]*\) .*/\1 \2/p'
}

# check_tasks DESC WANT: the tasks' states are WANT, or the test fails
# showing the log of each task that did not complete.
check_tasks() {
	got=$(task_states "$jid")
	if [ "$got" = "$2" ]; then
		ok "$1"
		return
	fi
	not_ok "$1"
	printf '%s\n' "$got" | diag "tasks:"
	printf '%s\n' "$2" | diag "expected:"
	for log in slurm-"${jid}"_*.out; do
		[ -e "$log" ] && diag "$log:" <"$log"
	done
}

# check_merge DESC STATE STDERR: the merge job ended in STATE, its log
# (its stderr) says STDERR.
check_merge() {
	is "$1: the merge job" "$(job_state "$merge_jid")" "$2"
	is "$1: the merge job's log" "$(cat "slurm-$merge_jid.out" 2>&1)" "$3"
}

all_done="1 COMPLETED 0:0
2 COMPLETED 0:0
3 COMPLETED 0:0
4 COMPLETED 0:0"

# README as written: four shards, then the merge into counts.txt.
workdir "$TMP/run"
started=$(date +%s)
submit_count "README's job array"
submit_merge "README's job array"
wait_jobs "README's job array"
check_tasks "README's job array: every task completed" "$all_done"
check_merge "README's job array" "COMPLETED 0:0" ""
"$FSTAT_PAR" "$tree" "$glob" >"$TMP/exp_out" || exit 99
run cat counts.txt
check "README's job array: counts.txt is one run's output" 0
compare_merge "Slurm job array" "$tree" "$glob" \
	shard1.jsonl shard2.jsonl shard3.jsonl shard4.jsonl
echo "# README's job array: $(($(date +%s) - started)) s from submission to the end"

# Two shards that go missing, submitted together while the node is
# drained (so that no task starts before the last submission): in
# $TMP/fail, shard 3's run fails; in $TMP/lost, task 3 is cancelled
# before the merge is submitted, so it never runs.  Either way the merge
# job names the shard and exits 2.
started=$(date +%s)
scontrol update NodeName="$nodename" State=DRAIN Reason=fstat-par-test ||
	exit 99
workdir "$TMP/fail"
faulty_on_path 3 4 fail
submit_count "a shard that fails"
submit_merge "a shard that fails"
fail_jid=$jid
fail_merge_jid=$merge_jid
PATH=$saved_path
workdir "$TMP/lost"
submit_count "a shard that never runs"
scancel "${jid}_3"
scontrol update NodeName="$nodename" State=RESUME || exit 99
submit_merge "a shard that never runs"
wait_jobs "the shards that go missing"
echo "# the shards that go missing: $(($(date +%s) - started)) s from the first submission to the end"

is "a shard that never runs: its file was never written" \
	"$(echo shard*.jsonl)" "shard1.jsonl shard2.jsonl shard4.jsonl"
check_merge "a shard that never runs" "FAILED 2:0" \
	"fstat-par: shard 3/4 is missing"

cd "$TMP/fail" || exit 99
jid=$fail_jid
merge_jid=$fail_merge_jid
check_tasks "a shard that fails: its task failed, the others completed" \
"1 COMPLETED 0:0
2 COMPLETED 0:0
3 FAILED 1:0
4 COMPLETED 0:0"
is "a shard that fails: its task's log" \
	"$(cat "slurm-${jid}_3.out")" "fstat-par: made to fail by the test"
check_merge "a shard that fails" "FAILED 2:0" \
	"fstat-par: shard3.jsonl: empty: not the output of fstat-par --format=jsonl"
is "a shard that fails: counts.txt is empty" "$(wc -c <counts.txt)" 0

# Stopped as on an interruption, but for the last sweep: nothing is left.
cd "$TMP" || exit 99
started=$(date +%s)
stop_daemons
# shellcheck disable=SC2086
stop $munged_pid
munged_pid=
echo "# the daemons stopped in $(($(date +%s) - started)) s"
# One line, by the shell itself: a command run here would carry the mark.
# shellcheck disable=SC2005,SC2046
is "the daemons stopped: nothing this test started still runs" "$(echo $(ours))" ""

done_testing
