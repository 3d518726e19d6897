# samplan.bash - bash completion for samplan(1) and samplan-node(8):
# commands, their options, files, and measure ids.  Installed as
# share/bash-completion/completions/samplan (and samplan-node, a link).
# Measure ids come from `samplan export` of the configured node, read
# only, so they complete whether or not the node runs.

_samplan_config() {
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-c | --config)
			printf '%s' "${COMP_WORDS[i + 1]}"
			return
			;;
		esac
	done
	printf '%s' "${SAMPLAN_CONFIG:-}"
}

# Measure ids: the first CSV column of `samplan export`, header skipped.
_samplan_measures() {
	local cfg
	cfg=$(_samplan_config)
	[ -n "$cfg" ] || return
	samplan -c "$cfg" export 2>/dev/null | awk -F'[,;]' 'NR > 1 { print $1 }'
}

_samplan() {
	local cur prev cmd="" i opts=""
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="keygen rotate-key verify dump status alerts metrics check measure plan
	    adopt adapt decline report region history import export
	    import-decisions import-reports evaluation redact compact"

	case $prev in
	-c | --config | --out | import | import-decisions | import-reports)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--owner)
		COMPREPLY=($(compgen -u -- "$cur"))
		return
		;;
	esac
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-c | --config) ((i++)) ;;
		-*) ;;
		*)
			cmd=${COMP_WORDS[i]}
			break
			;;
		esac
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$commands -c --config --av -h --help --version" -- "$cur"))
		return
	fi
	case $cmd in
	keygen) opts="--out --owner" ;;
	rotate-key) opts="--out" ;;
	verify) opts="--quick" ;;
	dump) opts="--json --feed --evidence" ;;
	redact) opts="--reason" ;;
	alerts) opts="ack --json --reason" ;;
	status) opts="--json" ;;
	metrics) opts="" ;;
	check) opts="--max-lag --max-down" ;;
	measure) opts="add edit retire reinstate --set --reason --plan" ;;
	plan) opts="set show revise versions compare --set --adopt-regional --kommune --period --json --csv --excel --markdown --html --plan --avslutt --with" ;;
	adopt) opts="--reason --plan" ;;
	adapt) opts="--set --unset --reason --plan" ;;
	decline) opts="--reason --plan" ;;
	report) opts="--period --status --note --verdi --withdraw --reason --plan" ;;
	region) opts="--period --technical --json --csv --excel --markdown --html --plan" ;;
	history) opts="--json --csv --plan" ;;
	evaluation) opts="set show --set --plan --json --markdown --html" ;;
	export) opts="--regional --kommune --semicolon --out --plan" ;;
	esac
	opts="$opts -h --help"
	case $cmd in
	adopt | adapt | decline | report | history)
		if [[ $cur != -* ]] && [ "$prev" = "$cmd" ]; then
			COMPREPLY=($(compgen -W "$(_samplan_measures)" -- "$cur"))
			return
		fi
		;;
	measure)
		case $prev in
		edit | retire | reinstate)
			COMPREPLY=($(compgen -W "$(_samplan_measures)" -- "$cur"))
			return
			;;
		esac
		;;
	esac
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

_samplan_node() {
	local cur prev
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	case $prev in
	-c | -f | --config)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac
	COMPREPLY=($(compgen -W "-c --config -n --check -v --verbose -h --help --version" -- "$cur"))
}

complete -F _samplan samplan
complete -F _samplan_node samplan-node
