package io.stowage.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed, for {@code localhost} and
 * {@code 127.0.0.1}, made with the JDK's own {@code keytool} (the JDK has no public API to sign a
 * certificate) and written where PostgreSQL and libpq-style clients want them.
 *
 * @param directory  the directory holding every file
 * @param rootCert   the CA certificate, PEM: a client's {@code sslrootcert}
 * @param serverCert the server certificate, PEM: the server's {@code ssl_cert_file}
 * @param serverKey  the server's private key, PEM-encoded PKCS#8, mode 0600: the server's {@code ssl_key_file}
 * @param serverKeyDer the same key as PKCS#8 DER, the form pgjdbc reads for a client {@code sslkey}
 */
public record SslFiles(Path directory, Path rootCert, Path serverCert, Path serverKey, Path serverKeyDer) {
    private static final String STORE_PASSWORD = "testkit-only";
    private static final String SERVER_NAMES = "san=dns:localhost,ip:127.0.0.1";

    /** Generates a fresh CA and server certificate (valid for two days) into {@code directory}. */
    public static SslFiles generate(Path directory) {
        try {
            Files.createDirectories(directory);
            Path ca = directory.resolve("ca.p12");
            Path server = directory.resolve("server.p12");
            Path csr = directory.resolve("server.csr");
            SslFiles files = new SslFiles(directory, directory.resolve("root.crt"), directory.resolve("server.crt"),
                    directory.resolve("server.key"), directory.resolve("server.pk8"));
            keytool("-genkeypair", "-keystore", ca, "-alias", "ca", "-dname", "CN=Stowage Test CA",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-ext", "bc:c");
            keytool("-exportcert", "-keystore", ca, "-alias", "ca", "-rfc", "-file", files.rootCert());
            keytool("-genkeypair", "-keystore", server, "-alias", "server", "-dname", "CN=localhost",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");
            keytool("-certreq", "-keystore", server, "-alias", "server", "-file", csr);
            keytool("-gencert", "-keystore", ca, "-alias", "ca", "-infile", csr, "-outfile", files.serverCert(), "-rfc",
                    "-validity", "2", "-ext", SERVER_NAMES, "-ext", "eku=serverAuth", "-ext", "ku:c=digitalSignature");

            byte[] pkcs8 = privateKey(server, "server").getEncoded();
            writePrivate(files.serverKeyDer(), pkcs8);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
            writePrivate(files.serverKey(), pem.getBytes(StandardCharsets.US_ASCII));
            Files.delete(csr);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate test certificates in " + directory, e);
        }
    }

    private static Key privateKey(Path store, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD.toCharArray());
            return ks.getKey(alias, STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key generated in " + store, e);
        }
    }

    /** PostgreSQL refuses a key file that group or others may read. */
    private static void writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
    }

    private static void keytool(Object... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            command.add(a.toString());
        }
        // a PKCS12 store keeps each key under the store password, so no -keypass is needed
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-noprompt"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        } finally {
            p.destroyForcibly();
        }
    }
}
