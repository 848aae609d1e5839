#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# doc/kubernetes-job.yaml, the Indexed Job README points to: no cluster
# runs here, so the test parses the manifest, checks that it is an
# Indexed Job whose container runs README's count.sh command with the
# shard taken from JOB_COMPLETION_INDEX + 1, and then does what
# Kubernetes would: runs that command once for each index 0..N-1, each
# volume a directory here (the tree in the one mounted at ROOT), in the
# working directory the manifest gives.  The merge its comment gives must
# print one run's output, and the shards merge so in every --format.
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
. "$(dirname "${TESTLIB:-$0}")/engines-lib.sh"

manifest=$top/doc/kubernetes-job.yaml
cd "$TMP" || exit 99

# A python3 with the yaml module: the first in PATH, or the system's
# (where PATH leads to another python, as pyenv's shims do).
python=
for py in python3 /usr/bin/python3; do
	if command -v "$py" >/dev/null 2>&1 &&
	   "$py" -c 'import yaml' 2>/dev/null; then
		python=$py
		break
	fi
done
if [ -z "$python" ]; then
	skip "doc/kubernetes-job.yaml" \
		"no python3 with the yaml module (Debian: python3-yaml)"
	done_testing
fi

# The manifest, parsed: the Job's N, its container's command (the
# interpreter, its option, the script), its working directory and its
# volumes' mount paths, in files k8s.*; the script and the directory
# again with each mount path made $TMP/vol/NAME.  Anything that is not an
# Indexed Job of one container running "sh -c SCRIPT" is an error.
"$python" - "$manifest" "$TMP/vol" <<'EOF' >k8s.err 2>&1
import sys
import yaml

path, local = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    docs = [d for d in yaml.safe_load_all(f) if d is not None]
jobs = [d for d in docs if d.get("kind") == "Job"]
if len(docs) != 1 or len(jobs) != 1:
    sys.exit("expected one document, a Job")
job = jobs[0]
if job.get("apiVersion") != "batch/v1":
    sys.exit("apiVersion is %r, not batch/v1" % job.get("apiVersion"))
spec = job["spec"]
if spec.get("completionMode") != "Indexed":
    sys.exit("completionMode is %r, not Indexed" % spec.get("completionMode"))
n = spec.get("completions")
if not isinstance(n, int) or n < 1:
    sys.exit("completions is %r" % n)
if not 1 <= spec.get("parallelism", 1) <= n:
    sys.exit("parallelism is %r" % spec.get("parallelism"))
pod = spec["template"]["spec"]
if pod.get("restartPolicy") not in ("Never", "OnFailure"):
    sys.exit("restartPolicy is %r" % pod.get("restartPolicy"))
containers = pod["containers"]
if len(containers) != 1:
    sys.exit("%d containers, not one" % len(containers))
c = containers[0]
command = c.get("command", [])
if len(command) != 3 or command[0] not in ("sh", "/bin/sh") or command[1] != "-c":
    sys.exit("the command is %r, not [sh, -c, SCRIPT]" % command)
volumes = {v["name"] for v in pod.get("volumes", [])}
mounts = c.get("volumeMounts", [])
for m in mounts:
    if m["name"] not in volumes:
        sys.exit("volume %r is mounted but not defined" % m["name"])
workdir = c.get("workingDir", "")


def localised(s):
    # Longest mount path first, so that /a/b is not taken for /a.
    for m in sorted(mounts, key=lambda m: -len(m["mountPath"])):
        s = s.replace(m["mountPath"], local + "/" + m["name"])
    return s


def write(name, text):
    with open("k8s." + name, "w", encoding="utf-8") as f:
        f.write(text + "\n")


write("n", str(n))
write("interpreter", command[0])
write("script", command[2])
write("workdir", workdir)
write("mounts", "\n".join(m["name"] + " " + m["mountPath"] for m in mounts))
write("local-script", localised(command[2]))
write("local-workdir", localised(workdir))
EOF
if [ $? -eq 0 ]; then
	ok "doc/kubernetes-job.yaml parses as an Indexed Job of $(cat k8s.n)"
else
	not_ok "doc/kubernetes-job.yaml parses as an Indexed Job"
	diag "python says:" <k8s.err
	done_testing
fi
n=$(cat k8s.n)
script=$(cat k8s.script)

# The command: README's count.sh, the index made a shard number.
readme_block '^    #!/bin/sh$' >count.readme
slurm=$(sed -e :a -e '/\\$/N; s/\\\n *//; ta' count.readme | sed -n 3p)
index='$((JOB_COMPLETION_INDEX + 1))'
# shellcheck disable=SC2016 # the variable's name, not its value
is "its command is README's count.sh, the shard from the index" \
	"$script" "$(printf '%s\n' "$slurm" |
		sed 's/\$SLURM_ARRAY_TASK_ID/$((JOB_COMPLETION_INDEX + 1))/g')"
case $script in
*" --shard=\"$index/$n\""*" --format=jsonl "*) shape=yes ;;
*) shape=no ;;
esac
is "its command takes --shard=\"$index/$n\" and --format=jsonl" "$shape" yes

# ROOT and GLOB, as README's test of count.sh finds them; the volume
# mounted at ROOT gets the tree.
root=$(printf '%s\n' "$script" |
	sed -n "s/.* --format=jsonl \(\/[A-Za-z0-9_./-]*\) '\([^']*\)' >.*/\1/p")
glob=$(printf '%s\n' "$script" |
	sed -n "s/.* --format=jsonl \(\/[A-Za-z0-9_./-]*\) '\([^']*\)' >.*/\2/p")
volume=$(awk -v root="$root" '$2 == root { print $1 }' k8s.mounts)
workdir=$(cat k8s.local-workdir)
case $workdir in
"$TMP/vol/"*) in_volume=yes ;;
*) in_volume=no ;;
esac
if [ -n "$volume" ] && [ "$in_volume" = yes ]; then
	ok "ROOT ($root) is a volume, and so is the working directory ($(cat k8s.workdir))"
else
	not_ok "ROOT and the working directory are volumes" \
		"ROOT: $root, the working directory: $(cat k8s.workdir)" \
		"mounts: $(tr '\n' ' ' <k8s.mounts)"
	done_testing
fi
while read -r name _; do
	mkdir -p "vol/$name" || exit 99
done <k8s.mounts
rmdir "vol/$volume" || exit 99
tree=$TMP/vol/$volume
make_src_tree "$tree"
put_on_path

# Each pod, index 0 to N-1, as Kubernetes starts it.
local_script=$(cat k8s.local-script)
interpreter=$(cat k8s.interpreter)
i=0
while [ $i -lt "$n" ]; do
	: >"$TMP/exp_out"
	: >"$TMP/exp_err"
	run env JOB_COMPLETION_INDEX=$i sh -c 'cd "$1" && exec "$2" -c "$3"' \
		sh "$workdir" "$interpreter" "$local_script"
	check "the pod of index $i" 0
	i=$((i + 1))
done
cd "$workdir" || exit 99
k=1
while [ $k -le "$n" ]; do
	is "shard$k.jsonl is shard $k/$n" \
		"$(head -n 1 shard$k.jsonl | grep -o '"shard": "[^"]*"')" \
		"\"shard\": \"$k/$n\""
	k=$((k + 1))
done

# The merge the manifest's comment gives.
merge=$(sed -n 's/^#     \(fstat-par --merge .*\)$/\1/p' "$manifest")
"$FSTAT_PAR" "$tree" "$glob" >"$TMP/exp_out" || exit 99
: >"$TMP/exp_err"
run sh -c "$merge && cat counts.txt"
check "the manifest's merge: one run's output (${merge:-none found})" 0
compare_merge "Kubernetes indexed job" "$tree" "$glob" shard*.jsonl

# A pod that never ran: the merge says which shard is missing.
rm -f counts.txt shard3.jsonl
: >"$TMP/exp_out"
echo "fstat-par: shard 3/$n is missing" >"$TMP/exp_err"
run sh -c "$merge"
check "a pod that never ran: the merge names its shard, exit 2" 2

done_testing
