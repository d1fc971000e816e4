package io.stowage.postgres.restore;

import io.stowage.postgres.sql.PgEncoding;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input checks that run before any connection is opened (the target port is closed on purpose). */
class NotADumpTest {
    private static final ConnectionSettings NOWHERE =
            new ConnectionSettings("127.0.0.1", 1, "nobody", null, "nodb", null, 1, null, null);

    private static StowageException restore(byte[] script) {
        return restore(script, RestoreOptions.builder().build());
    }

    private static StowageException restore(byte[] script, RestoreOptions options) {
        try {
            new NativeRestorer(NOWHERE, options, ProgressListener.NONE).run(new ByteArrayInputStream(script));
        } catch (StowageException e) {
            return e;
        }
        throw new AssertionError("restore did not fail");
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.sql");
        assertThatThrownBy(() -> new NativeRestorer(NOWHERE, RestoreOptions.builder().input(missing).build(), null).run())
                .isInstanceOf(StowageException.class)
                .hasMessage("input file \"" + missing + "\" does not exist")
                .extracting(e -> ((StowageException) e).code()).isEqualTo(ErrorCode.INPUT);
    }

    @Test
    void directory(@TempDir Path dir) {
        assertThatThrownBy(() -> new NativeRestorer(NOWHERE, RestoreOptions.builder().input(dir).build(), null).run())
                .isInstanceOf(StowageException.class).hasMessageContaining("is a directory");
    }

    @Test
    void emptyInput() {
        StowageException e = restore(new byte[0]);
        assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
        assertThat(e.getMessage()).contains("is empty");
    }

    @Test
    void customFormatArchiveCutInItsHeader() {
        // a custom archive is read as such now: cut after 8 bytes, its header is reported truncated
        StowageException e = restore("PGDMP\u0001\u000e\u0000".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
        assertThat(e.getMessage()).contains("truncated at offset 8");
    }

    @Test
    void gzip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
        }
        StowageException e = restore(bytes.toByteArray());
        assertThat(e.getMessage()).contains("gzip");
        assertThat(e.fix()).contains("gunzip -c");
    }

    @Test
    void tarArchive() {
        byte[] tar = new byte[1024];
        byte[] name = "toc.dat".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, tar, 0, name.length);
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertThat(restore(tar).getMessage()).contains("tar archive");
    }

    @Test
    void binaryContent() {
        assertThat(restore(new byte[] {'S', 'E', 'T', 0, 1, 2}).getMessage()).contains("binary");
    }

    @Test
    void textWithoutSql() {
        assertThat(restore("Dear diary, today I restored a database.\n".getBytes(StandardCharsets.UTF_8)).getMessage())
                .contains("does not look like a SQL script").contains("Dear");
        assertThat(restore("-- only a comment\n\n/* and another */\n".getBytes(StandardCharsets.UTF_8)).getMessage())
                .contains("contains no SQL statements");
    }

    @Test
    void createWithoutDatabaseEntry() {
        StowageException e = restore("SET client_encoding = 'UTF8';\nCREATE TABLE t ();\n".getBytes(StandardCharsets.UTF_8),
                RestoreOptions.builder().create(true).build());
        assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
        assertThat(e.getMessage()).contains("CREATE DATABASE");
        assertThat(e.fix()).contains("pg_dump -C").contains("without -C");
    }

    @Test
    void unknownEncoding() {
        assertThat(restore("SET client_encoding = 'KLINGON';\n".getBytes(StandardCharsets.UTF_8)).getMessage())
                .contains("KLINGON");
    }

    @Test
    void aValidScriptGetsAsFarAsConnecting() {
        // Proves the checks above are not simply rejecting everything.
        StowageException e = restore("SET client_encoding = 'UTF8';\nSELECT 1;\n".getBytes(StandardCharsets.UTF_8));
        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
    }

    @Test
    void probeFindsEncodingAndDatabase() {
        ScriptProbe probe = ScriptProbe.of(("--\n-- PostgreSQL database dump\n--\n\\restrict k\nSET client_encoding = 'LATIN1';\n"
                + "--\n-- Name: shop; Type: DATABASE; Schema: -; Owner: postgres\n--\n").getBytes(StandardCharsets.UTF_8), "x");
        assertThat(probe.encoding().pgName()).isEqualTo("LATIN1");
        assertThat(probe.encoding().charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(probe.databaseName()).isEqualTo("shop");
    }

    @Test
    void encodingNamesMapToJavaCharsets() {
        assertThat(PgEncoding.forName("UTF8").isUtf8()).isTrue();
        assertThat(PgEncoding.forName("SQL_ASCII").isUtf8()).isTrue();
        assertThat(PgEncoding.forName("latin9").charset()).isEqualTo(Charset.forName("ISO-8859-15"));
        assertThat(PgEncoding.forName("WIN1252").charset()).isEqualTo(Charset.forName("windows-1252"));
        assertThat(PgEncoding.forName("KOI8R").charset()).isEqualTo(Charset.forName("KOI8-R"));
        assertThat(PgEncoding.forName("EUC_JP").asciiUnsafe()).isFalse();
        for (String unsafe : new String[] {"SJIS", "BIG5", "GBK", "UHC", "GB18030"}) {
            assertThat(PgEncoding.forName(unsafe).asciiUnsafe()).as(unsafe).isTrue();
        }
    }

    @Test
    void sjisScriptsAreTranscodedBeforeLexing() throws Exception {
        // ソ is 0x83 0x5C in Shift-JIS: its second byte is a backslash, which would escape the quote
        // if the byte lexer saw it with standard_conforming_strings off.
        Charset sjis = PgEncoding.forName("SJIS").charset();
        byte[] script = "SET standard_conforming_strings = off;\nSELECT 'ソ';\nSELECT 2;\n".getBytes(sjis);
        ScriptReader reader = NativeRestorer.reader(new ByteArrayInputStream(script), PgEncoding.forName("SJIS"));
        reader.next();
        assertThat(reader.next()).isEqualTo(new ScriptItem.Statement("SELECT 'ソ';", 2));
        assertThat(reader.next()).isEqualTo(new ScriptItem.Statement("SELECT 2;", 3));
    }

    @Test
    void transcodingTurnsLatin1IntoUtf8() throws Exception {
        byte[] latin = "bœuf à la mode\n".getBytes(Charset.forName("windows-1252"));
        byte[] utf8 = new TranscodingInputStream(new ByteArrayInputStream(latin), Charset.forName("windows-1252")).readAllBytes();
        assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo("bœuf à la mode\n");
    }

    @Test
    void fileRestoreChecksTheContentToo(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("d.sql.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        assertThatThrownBy(() -> new NativeRestorer(NOWHERE, RestoreOptions.builder().input(f).build(), null).run())
                .hasMessageContaining("input file \"" + f + "\" is gzip-compressed");
    }
}
