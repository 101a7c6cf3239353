// Shell completion scripts. Both ask the CLI itself (`kctl __complete WORDS...`)
// for candidates, so verbs, resource types and live object names stay in step
// with the program; when it offers nothing, the shell completes file names.

export const BASH_COMPLETION = `# bash completion for kctl
# Load it with:  source <(kctl completion bash)
# or install it: kctl completion bash > /etc/bash_completion.d/kctl

_kctl_complete() {
    local cur="\${COMP_WORDS[COMP_CWORD]}"
    local IFS=$'\\n'
    local candidates
    candidates=$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
    COMPREPLY=( $(compgen -W "\${candidates}" -- "\${cur}") )
}

complete -o default -F _kctl_complete kctl
`;

export const ZSH_COMPLETION = `#compdef kctl
# zsh completion for kctl
# Load it with:  source <(kctl completion zsh)
# or install it: kctl completion zsh > "\${fpath[1]}/_kctl"

_kctl() {
    local -a candidates
    candidates=("\${(@f)$("\${words[1]}" __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if (( \${#candidates[@]} )) && [[ -n "\${candidates[1]}" ]]; then
        compadd -- "\${candidates[@]}"
    else
        _files
    fi
}

if [ "\${funcstack[1]}" = "_kctl" ]; then
    _kctl "$@"
else
    compdef _kctl kctl
fi
`;
