package io.stowage.tools.pg;

import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code --verbose} lines of pg_dump and pg_restore into the {@link ProgressEvent}s the
 * native engine emits: {@link ProgressEvent.Phase} ({@code catalog}, {@code pre-data}, {@code data},
 * {@code post-data}), {@link ProgressEvent.Entry} for {@code creating ...} and {@code executing ...},
 * {@link ProgressEvent.TableData} when a table's data is done, {@link ProgressEvent.Warning} for
 * warnings and {@link ProgressEvent.Info} for the rest of the chatter.
 *
 * <p>The tools say when a table's data starts, not when it ends and not how much it was, so the
 * {@code TableData} of a table is sent when the next line arrives (or at {@link #finish()}), with
 * rows and bytes {@link ProgressEvent#UNKNOWN}. Chatter in between does not count as an end, and a
 * run that is stopped never reports its last table as done.
 *
 * <p>Lines are fed from the one stderr thread of the process runner, so the class needs no locking;
 * the events reach the listener on that thread.
 */
public final class VerboseProgress {
    /** pg_backup_archiver.c: {@code creating %s "%s.%s"} or {@code creating %s "%s"}. */
    private static final Pattern CREATING = Pattern.compile("creating (.+?) \"(.*)\"");
    /** {@code executing %s %s}: entries without a namespace in the message, such as SEQUENCE SET. */
    private static final Pattern EXECUTING = Pattern.compile("executing (SEQUENCE SET|[A-Z][A-Z ]*?) (.+)");
    /** pg_dump.c's {@code dumping contents of table "%s.%s"} and the archiver's {@code processing data for table "%s.%s"}. */
    private static final Pattern TABLE_DATA = Pattern.compile("(?:dumping contents of table|processing data for table) \"(.*)\"");
    /** The entry kinds pg_dump puts in the post-data section. */
    private static final Set<String> POST_DATA = Set.of("INDEX", "INDEX ATTACH", "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT",
            "TRIGGER", "EVENT TRIGGER", "RULE", "POLICY", "ROW SECURITY", "STATISTICS", "MATERIALIZED VIEW DATA", "PUBLICATION",
            "PUBLICATION TABLE", "PUBLICATION TABLES IN SCHEMA", "SUBSCRIPTION", "SUBSCRIPTION TABLE", "DEFAULT ACL");

    private final String prefix;
    private final ProgressListener listener;
    private String phase;
    private String[] pendingTable;

    /** Progress of {@code tool} (pg_dump or pg_restore) for {@code listener}. */
    public VerboseProgress(PgTool tool, ProgressListener listener) {
        this.prefix = tool.command() + ": ";
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * Reads one line of standard error.
     *
     * @return true when the line was progress; false for an error, detail or any other line, which
     *         the caller keeps for the error report
     */
    public boolean accept(String line) {
        if (!line.startsWith(prefix)) {
            return false;
        }
        String text = line.substring(prefix.length());
        if (text.startsWith("error:") || text.startsWith("detail:") || text.startsWith("terminated by user") || text.startsWith("hint:") || text.startsWith("from TOC entry")
                || text.startsWith("while PROCESSING TOC") || text.startsWith("while INITIALIZING") || text.startsWith("while FINALIZING")) {
            return false;
        }
        if (text.startsWith("warning: ")) {
            String warning = text.substring("warning: ".length());
            // pg_restore's closing count belongs to the error report as well
            listener.onEvent(new ProgressEvent.Warning(warning));
            return !warning.startsWith("errors ignored on restore");
        }
        Matcher m = TABLE_DATA.matcher(text);
        if (m.matches()) {
            String[] name = split(m.group(1));
            if (pendingTable != null && !(pendingTable[0] + "." + pendingTable[1]).equals(m.group(1))) {
                flushTable();
            }
            phase("data");
            pendingTable = name;
            return true;
        }
        m = CREATING.matcher(text);
        if (m.matches()) {
            flushTable();
            String desc = m.group(1);
            phase(POST_DATA.contains(desc) ? "post-data" : "data".equals(phase) || "post-data".equals(phase) ? phase : "pre-data");
            String[] name = split(m.group(2));
            listener.onEvent(new ProgressEvent.Entry(desc, name[0], name[1]));
            return true;
        }
        m = EXECUTING.matcher(text);
        if (m.matches()) {
            flushTable();
            listener.onEvent(new ProgressEvent.Entry(m.group(1), null, m.group(2)));
            return true;
        }
        if (phase == null && (text.startsWith("reading ") || text.startsWith("last built-in OID") || text.startsWith("identifying ")
                || text.startsWith("finding ") || text.startsWith("flagging "))) {
            phase("catalog");
        }
        listener.onEvent(new ProgressEvent.Info(text));
        return true;
    }

    /** Sends what is still pending (the last table's data); call only once the tool has ended successfully. */
    public void finish() {
        flushTable();
    }

    private void phase(String name) {
        if (!name.equals(phase)) {
            phase = name;
            listener.onEvent(new ProgressEvent.Phase(name));
        }
    }

    private void flushTable() {
        if (pendingTable != null) {
            listener.onEvent(new ProgressEvent.TableData(pendingTable[0], pendingTable[1], ProgressEvent.UNKNOWN, ProgressEvent.UNKNOWN));
            pendingTable = null;
        }
    }

    /**
     * {@code ns.tag} into namespace and tag. The tools print the two joined by a dot without quoting,
     * so a namespace containing a dot is split at its first dot; entries without a namespace have no dot
     * (or one inside their tag, which then reads as a namespace: a limit of the tools' messages).
     */
    private static String[] split(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? new String[] {null, qualified} : new String[] {qualified.substring(0, dot), qualified.substring(dot + 1)};
    }
}
