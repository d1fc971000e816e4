package io.stowage.tools.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A program to run: started directly with {@link ProcessBuilder}, never through a shell, so no
 * argument is ever re-parsed, expanded or quoted by anyone.
 *
 * <p>The child inherits the parent's environment minus the variables named in {@link #unset()},
 * plus {@link #environment()}; the parent's own environment is never changed. Environment values
 * may be sensitive (a password file's location, connection options), so {@link #toString()} and
 * {@link #display()} show only their names.
 *
 * @param executable       the program, an absolute path or a name looked up on the PATH by the operating system
 * @param arguments        the arguments, passed as they are
 * @param environment      variables to add to (or override in) the inherited environment
 * @param unset            variables to remove from the inherited environment before the additions
 *                         (for example a stray {@code PGPASSWORD} that would override what the caller chose)
 * @param workingDirectory the child's working directory, or {@code null} for the parent's
 * @param stdin            where standard input comes from
 * @param stdout           where standard output goes; standard error always goes, line by line, to the runner's callback
 */
public record Command(
        Path executable,
        List<String> arguments,
        Map<String, String> environment,
        Set<String> unset,
        Path workingDirectory,
        StdinSource stdin,
        StdoutSink stdout) {

    public Command {
        Objects.requireNonNull(executable, "executable");
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        unset = Set.copyOf(unset);
        stdin = stdin == null ? StdinSource.none() : stdin;
        stdout = stdout == null ? StdoutSink.discard() : stdout;
    }

    /** A command with no environment changes, no input and output thrown away; change it with the {@code with} methods. */
    public static Command of(Path executable, List<String> arguments) {
        return new Command(executable, arguments, Map.of(), Set.of(), null, StdinSource.none(), StdoutSink.discard());
    }

    /** This command with {@code name=value} added to the child's environment. */
    public Command withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new Command(executable, arguments, env, unset, workingDirectory, stdin, stdout);
    }

    /** This command with all of {@code variables} added to the child's environment. */
    public Command withEnvironment(Map<String, String> variables) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(variables);
        return new Command(executable, arguments, env, unset, workingDirectory, stdin, stdout);
    }

    /** This command with {@code names} removed from the inherited environment. */
    public Command withUnset(Set<String> names) {
        Set<String> all = new LinkedHashSet<>(unset);
        all.addAll(names);
        return new Command(executable, arguments, environment, all, workingDirectory, stdin, stdout);
    }

    public Command withWorkingDirectory(Path directory) {
        return new Command(executable, arguments, environment, unset, directory, stdin, stdout);
    }

    public Command withStdin(StdinSource source) {
        return new Command(executable, arguments, environment, unset, workingDirectory, source, stdout);
    }

    public Command withStdout(StdoutSink sink) {
        return new Command(executable, arguments, environment, unset, workingDirectory, stdin, sink);
    }

    /** The executable followed by the arguments, as {@link ProcessBuilder} receives them. */
    public List<String> commandLine() {
        List<String> line = new ArrayList<>(arguments.size() + 1);
        line.add(executable.toString());
        line.addAll(arguments);
        return line;
    }

    /**
     * The command for people to read: the command line, arguments with spaces or quotes in single
     * quotes, then the names (never the values) of the environment additions, for example
     * {@code pg_dump -h localhost -f 'my dump.sql' [env: PGPASSFILE, PGSSLMODE]}.
     */
    public String display() {
        StringBuilder sb = new StringBuilder();
        for (String part : commandLine()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quoteForDisplay(part));
        }
        if (!environment.isEmpty()) {
            sb.append(" [env: ").append(String.join(", ", environment.keySet().stream().sorted().toList())).append(']');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return display();
    }

    private static String quoteForDisplay(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=./:,@%+".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
