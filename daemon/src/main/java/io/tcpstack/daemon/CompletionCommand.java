package io.tcpstack.daemon;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code tcpstack completion bash|zsh}: the shell completion script, generated from the same
 * command model as {@code --help} ({@code picocli.AutoComplete}); zsh runs the bash script through
 * {@code bashcompinit}, which the script loads itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Prints the shell completion script for bash or zsh.",
            "bash: source <(tcpstack completion bash), or save it as"
                + " /usr/share/bash-completion/completions/tcpstack.",
            "zsh: source <(tcpstack completion zsh) in ~/.zshrc."})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script supports. */
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(script(shell));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The completion script of the whole {@code tcpstack} command for {@code shell}. */
    static String script(Shell shell) {
        String bash = AutoComplete.bash("tcpstack", Main.commandLine());
        return shell == Shell.zsh ? "# tcpstack completion for zsh (through bashcompinit)\n" + bash : bash;
    }
}
